import { z } from "zod";
import { ConfigError } from "../config";

// Trigger settings from the environment. Read by the web intake and by the worker, which
// calls triggerSettings() at start-up so a bad value stops it with the variable's name.
const schema = z.object({
  /** Largest webhook body accepted; larger ones get 413. */
  SWITCHYARD_WEBHOOK_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(1024 * 1024),
  /** Consecutive failed or partially succeeded runs that pause an automation (0: never). */
  SWITCHYARD_AUTO_PAUSE_AFTER: z.coerce.number().int().min(0).default(5),
  /** The shortest time a schedule or poll may leave between two runs (docs/limits.md). */
  SWITCHYARD_MIN_TRIGGER_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(60),
  /** Webhooks one workspace may send per minute; more get 429 (0: no quota). */
  SWITCHYARD_WEBHOOK_QUOTA_PER_MINUTE: z.coerce.number().int().min(0).default(6_000),
  /**
   * Workspaces (ids, comma-separated, or "*" for all) whose webhook triggers may take their
   * signing secret from a SWITCHYARD_WEBHOOK_SECRET_<NAME> variable; unset: none.
   */
  SWITCHYARD_WEBHOOK_ENV_SECRET_WORKSPACES: z
    .string()
    .default("")
    .transform((value) => {
      const ids = value
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean);
      return ids.includes("*") ? ("all" as const) : new Set(ids);
    }),
});

export interface TriggerSettings {
  webhookMaxBytes: number;
  autoPauseAfter: number;
  minTriggerIntervalSeconds: number;
  webhookQuotaPerMinute: number;
  envSecretWorkspaces: ReadonlySet<string> | "all";
}

export function triggerSettings(env: NodeJS.ProcessEnv = process.env): TriggerSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return {
    webhookMaxBytes: parsed.data.SWITCHYARD_WEBHOOK_MAX_BYTES,
    autoPauseAfter: parsed.data.SWITCHYARD_AUTO_PAUSE_AFTER,
    minTriggerIntervalSeconds: parsed.data.SWITCHYARD_MIN_TRIGGER_INTERVAL_SECONDS,
    webhookQuotaPerMinute: parsed.data.SWITCHYARD_WEBHOOK_QUOTA_PER_MINUTE,
    envSecretWorkspaces: parsed.data.SWITCHYARD_WEBHOOK_ENV_SECRET_WORKSPACES,
  };
}
