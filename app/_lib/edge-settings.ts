import { z } from "zod";
import { booleanFromEnv, ConfigError } from "../../worker/config";

// Limits and headers of the web app's HTTP edge, from the environment (.env.example).
// validateWebEnv checks them at start-up, so a bad value stops the server with its name.
const schema = z.object({
  /** Largest request body a route reads (REST, Nango); larger ones get 413. */
  SWITCHYARD_API_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** Strict-Transport-Security on every answer: only for deployments served over TLS. */
  SWITCHYARD_HSTS: booleanFromEnv.default(false),
});

export interface EdgeSettings {
  maxBodyBytes: number;
  hsts: boolean;
}

export function readEdgeSettings(env: NodeJS.ProcessEnv = process.env): EdgeSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return {
    maxBodyBytes: parsed.data.SWITCHYARD_API_MAX_BODY_BYTES,
    hsts: parsed.data.SWITCHYARD_HSTS,
  };
}

let current: EdgeSettings | undefined;

/** The running server's settings (read once: the environment does not change). */
export function edgeSettings(): EdgeSettings {
  return (current ??= readEdgeSettings());
}
