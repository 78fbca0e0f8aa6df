// Structural shape of a trigger node's `trigger` config. Whether a cron expression, a
// time zone or a poll source makes sense is checked in validate-trigger.ts.
import { z } from "zod";
import type { Graph, TriggerConfig } from "./types";

export const WEBHOOK_SECRET_ENV_PREFIX = "SWITCHYARD_WEBHOOK_SECRET_";
export const DEFAULT_POLL_INTERVAL_SECONDS = 300;
/** Polling faster than this mostly burns the provider's rate limit. */
export const MIN_POLL_INTERVAL_SECONDS = 1;

const webhookSchema = z.object({
  signature: z
    .object({
      scheme: z.enum(["standard-webhooks", "github"]),
      // Only variables made for this purpose: a graph author must not be able to point
      // the verifier at another secret of the server (e.g. DATABASE_URL).
      secretEnv: z
        .string()
        .regex(
          new RegExp(`^${WEBHOOK_SECRET_ENV_PREFIX}[A-Z0-9_]+$`),
          `an environment variable named ${WEBHOOK_SECRET_ENV_PREFIX}<NAME>`,
        )
        .optional(),
    })
    .optional(),
});

const scheduleSchema = z.object({
  cron: z.string().min(1),
  timezone: z.string().min(1),
});

const pollSchema = z.object({
  source: z.string().min(1),
  connection: z.string().min(1).optional(),
  input: z.record(z.string(), z.unknown()).optional(),
  intervalSeconds: z.number().int().min(MIN_POLL_INTERVAL_SECONDS).max(86_400).optional(),
});

export const triggerConfigSchema = z.object({
  kind: z.enum(["manual", "webhook", "schedule", "poll"]),
  webhook: webhookSchema.optional(),
  schedule: scheduleSchema.optional(),
  poll: pollSchema.optional(),
}) satisfies z.ZodType<TriggerConfig>;

/** A graph's trigger settings; a graph saved without any is started by hand. */
export function triggerConfigOf(graph: Graph): TriggerConfig {
  return graph.nodes.find((node) => node.type === "trigger")?.trigger ?? { kind: "manual" };
}
