import { spawn, type ChildProcess } from "node:child_process";
import { demoConnectorsEnabled } from "../connectors/registry";
import { startDemoWorld, type DemoWorld } from "../worker/demo/start-demo-world";
import { componentLog } from "../worker/log";
import { prepareDatabase } from "../worker/prepare-database";
import { superviseChildren } from "./supervise";

// `npm start`: embedded Postgres (unless DATABASE_URL is set), migrations,
// one worker process and the Next.js app — nothing else to install or run.
// Outside production (or with SWITCHYARD_DEMO=true) it also starts the demo
// world: a local OAuth provider and two demo SaaS APIs (SWITCHYARD_DEMO=false
// turns it off). Ctrl-C stops them all, Postgres last.

const log = componentLog("start");
const port = process.env.PORT ?? "3000";
const host = process.env.HOST ?? "127.0.0.1";

async function main() {
  const db = await prepareDatabase();
  log.info("database ready");
  const demo: DemoWorld | null = demoConnectorsEnabled()
    ? await startDemoWorld({ webOrigin: `http://${host}:${port}`, baseEnv: process.env })
    : null;
  if (demo) {
    log.info(
      `demo world: Demo Chat and Demo Tracker at ${demo.apisUrl} (OAuth provider ${demo.issuer})`,
    );
    log.info(`connect them on http://${host}:${port}/connections; any login and password work`);
  }
  const env = { ...process.env, ...demo?.env, DATABASE_URL: db.url };
  const children: ChildProcess[] = [
    spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], { env, stdio: "inherit" }),
    spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", "-H", host, "-p", port], {
      env,
      stdio: "inherit",
    }),
  ];
  log.info(`web app on http://${host}:${port}`);

  superviseChildren(children, {
    log,
    graceMs: 15_000,
    cleanup: async () => {
      await demo?.close();
      await db.stop();
    },
  });
}

main().catch((err) => {
  log.error((err as Error).message);
  process.exit(1);
});
