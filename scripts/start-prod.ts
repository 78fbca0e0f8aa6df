import { spawn } from "node:child_process";
import { redactUrl } from "../prisma/errors";
import { migrateDatabase } from "../prisma/migrate";
import { ConfigError, loadWorkerConfig } from "../worker/config";
import { componentLog } from "../worker/log";
import { assertProductionEnv } from "../worker/production-env";
import { freePort, spawnIntakeFront, spawnWebApp } from "./local-processes";
import { superviseChildren } from "./supervise";
import { buildState } from "./web-build";

// `npm run start:prod` (after `npm run build`): production on one machine —
// migrations, then the built Next.js app (its standalone server, on a private port behind
// the webhook intake, which has the public one) and one worker, all against DATABASE_URL. No embedded Postgres and no demo world. For more
// machines or workers, run the pieces separately (docs/deploy.md).

const log = componentLog("start");
const port = process.env.PORT ?? "3000";
const host = process.env.HOST ?? "0.0.0.0";

async function main() {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  // Fails with the variables' names before anything starts.
  assertProductionEnv("web", env);
  assertProductionEnv("intake", env);
  const config = loadWorkerConfig(env);
  if ((await buildState()) === "missing") {
    throw new ConfigError("No production build of the web app: run `npm run build` first.");
  }
  const url = env.DATABASE_URL as string;
  const migrated = await migrateDatabase(url);
  log.info(
    { applied: migrated.applied, graphileWorkerRevision: migrated.worker.after },
    `database ${redactUrl(url)} migrated`,
  );
  const webPort = await freePort();
  const children = [
    spawn(process.execPath, ["scripts/worker.ts"], { env, stdio: "inherit" }),
    spawnWebApp(env, webPort, { stdio: "inherit" }),
    spawnIntakeFront(
      env,
      { host, port, upstream: `http://127.0.0.1:${webPort}` },
      { stdio: "inherit" },
    ),
  ];
  log.info(`web app on http://${host}:${port}`);
  // A worker on SIGTERM finishes its running steps, which may take up to the step timeout.
  superviseChildren(children, { log, graceMs: config.defaultStepTimeoutMs + 10_000 });
}

main().catch((err) => {
  log.fatal(err instanceof ConfigError ? err.message : (err as Error).message);
  process.exit(1);
});
