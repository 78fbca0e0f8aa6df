import { z } from "zod";
import { isoDate } from "./common";

export const connectionSummary = z
  .object({
    id: z.string(),
    connectorId: z.string(),
    connectorName: z.string(),
    label: z.string(),
    backend: z.string(),
    authKind: z.string(),
    health: z.enum(["connected", "expiring", "broken", "revoked"]),
    lastUsedAt: isoDate.nullable(),
    lastError: z.string().nullable(),
    lastErrorAt: isoDate.nullable(),
    createdAt: isoDate,
    usedBy: z.array(z.object({ automationId: z.string(), name: z.string() })),
  })
  .meta({ id: "Connection" });

export const connectionList = z.object({ connections: z.array(connectionSummary) });
