import { z } from "zod";
import { LIMIT_MAX } from "../../../../worker/connections/limits";
import { isoDate } from "./common";

export const connectionParams = z.object({ connectionId: z.string().min(1) });

const upTo = `a whole number from 1 to ${LIMIT_MAX.toLocaleString("en-US")}`;
const limitNumber = (what: string) =>
  z
    .number({ error: `${what}: enter ${upTo}` })
    .int(`${what}: enter ${upTo}`)
    .min(1, `${what}: enter ${upTo}`)
    .max(LIMIT_MAX, `${what}: enter ${upTo}`);

const maxConcurrent = limitNumber("Calls at once")
  .nullable()
  .meta({ description: "At most this many calls through the account at once; null: no limit" });

const rateLimit = z
  .strictObject({
    count: limitNumber("Calls per second or minute"),
    per: z.enum(["second", "minute"], { error: 'Rate limit: per "second" or "minute"' }),
  })
  .nullable()
  .meta({
    description:
      "At most `count` calls in any second or minute (every attempt of a step is a call); null: no limit",
  });

/** A connection's limits (docs/connections.md, "Limits"). */
export const connectionLimits = z
  .object({ maxConcurrent, rateLimit })
  .meta({ id: "ConnectionLimits" });

/** Absent fields keep their value; null removes that limit. */
export const connectionLimitsBody = z.strictObject({
  maxConcurrent: maxConcurrent.optional(),
  rateLimit: rateLimit.optional(),
});

export const connectionSummary = z
  .object({
    id: z.string(),
    connectorId: z.string(),
    connectorName: z.string(),
    label: z.string(),
    backend: z.string(),
    authKind: z.string(),
    health: z.enum(["connected", "expiring", "broken", "revoked"]),
    limits: connectionLimits,
    lastUsedAt: isoDate.nullable(),
    lastError: z.string().nullable(),
    lastErrorAt: isoDate.nullable(),
    createdAt: isoDate,
    usedBy: z.array(z.object({ automationId: z.string(), name: z.string() })),
  })
  .meta({ id: "Connection" });

export const connectionList = z.object({ connections: z.array(connectionSummary) });
