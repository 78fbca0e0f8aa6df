// Switchyard's webhook intake (the server the intake process runs, worker/intake/server.ts)
// in the benchmark's process on 127.0.0.1, for benchmarks that start runs by webhook.
import { parseKeyRing } from "../../worker/connections/crypto";
import { componentLog } from "../../worker/log";
import { startIntakeServer, type IntakeServer } from "../../worker/intake/server";
import { randomBytes } from "node:crypto";

export function serveIntake(databaseUrl: string): Promise<IntakeServer> {
  return startIntakeServer({
    databaseUrl,
    // Bench automations have no signing secrets; the ring is only needed to read them.
    ring: parseKeyRing(`bench:${randomBytes(32).toString("base64")}`),
    env: process.env,
    envSecretWorkspaces: new Set(),
    maxBytes: 1024 * 1024,
    // These benchmarks measure runs, not the quota (the intake benchmark counts it).
    quotaPerMinute: 0,
    host: "127.0.0.1",
    port: 0,
    poolSize: 10,
    log: componentLog("intake"),
  });
}
