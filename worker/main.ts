import { ConfigError, loadWorkerConfig } from "./config";
import { prepareDatabase } from "./prepare-database";
import { startWorker } from "./start-worker";

// The worker process: `npm run worker`. Stops gracefully on SIGINT/SIGTERM:
// running attempts finish, then jobs are released.
async function main() {
  const config = loadWorkerConfig();
  const db = await prepareDatabase();
  const worker = await startWorker(db.url, config, (level, message) => {
    const line = `[worker] ${message}`;
    if (level === "error") console.error(line);
    else if (level === "warn") console.warn(line);
    else console.log(line);
  });
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) process.exit(130);
    console.log(`[worker] ${signal}: finishing running steps, then stopping (again to force)`);
    void worker.stop();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  try {
    await worker.done;
  } finally {
    await db.stop();
  }
}

main().catch((err) => {
  console.error(
    err instanceof ConfigError ? err.message : `[worker] fatal: ${(err as Error).message}`,
  );
  process.exit(1);
});
