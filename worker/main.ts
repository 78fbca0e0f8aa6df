import { ConfigError, loadWorkerConfig } from "./config";
import { DEFAULT_WORKER_GROUP } from "./engine/index";
import { componentLog } from "./log";
import { prepareDatabase } from "./prepare-database";
import { assertProductionEnv } from "./production-env";
import { startWorker } from "./start-worker";
import { triggerSettings } from "./triggers/trigger-settings";

// The worker process: `npm run worker`. Stops gracefully on SIGINT/SIGTERM:
// running attempts finish, then jobs are released.
const log = componentLog("worker");

async function main() {
  const config = loadWorkerConfig(process.env, process.argv.slice(2));
  const central = config.groups.includes(DEFAULT_WORKER_GROUP);
  assertProductionEnv(central ? "worker" : "group_worker");
  // Read again where used; here a bad value stops the worker at start-up, with its name.
  triggerSettings();
  // Only the default group's workers migrate: a group worker's role may not (docs/deploy.md).
  const db = await prepareDatabase({ migrate: central });
  const worker = await startWorker(db.url, config, (level, message, fields) =>
    log[level](fields ?? {}, message),
  );
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) process.exit(130);
    log.info({ signal }, `${signal}: finishing running steps, then stopping (again to force)`);
    void worker.stop();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  // graphile-worker records job completion in the background; when the
  // database is away that promise rejects with nobody to catch it. Staying up
  // is right: the pools reconnect, and the heartbeat releases jobs whose
  // completion was lost (worker/heartbeat.ts, releaseOrphanedJobs).
  process.on("unhandledRejection", (reason) => {
    log.error(
      { err: reason instanceof Error ? reason.message : String(reason) },
      "background database call failed",
    );
  });
  try {
    await worker.done;
  } finally {
    await db.stop();
  }
}

main().catch((err) => {
  log.fatal(err instanceof ConfigError ? err.message : `fatal: ${(err as Error).message}`);
  // pino writes synchronously to stdout by default, so the line is out before exit.
  process.exit(1);
});
