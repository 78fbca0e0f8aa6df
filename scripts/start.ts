import { spawn, type ChildProcess } from "node:child_process";
import { demoConnectorsEnabled } from "../connectors/registry";
import { startDemoWorld, type DemoWorld } from "../worker/demo/start-demo-world";
import { componentLog } from "../worker/log";
import { prepareDatabase } from "../worker/prepare-database";
import { localProductionEnv } from "./local-env";
import { freePort, spawnIntakeFront, spawnWebApp } from "./local-processes";
import { superviseChildren } from "./supervise";
import { buildState, buildWebApp } from "./web-build";

// `npm start`: the product on this machine — embedded Postgres (unless DATABASE_URL is
// set), migrations, one worker, the webhook intake on the public port and behind it the
// production build of the web app (built first when missing or older than the sources),
// with the secrets production needs taken from .data/.
// `npm run dev` (--dev): the same with the Next.js dev server, which compiles on request.
// Unless SWITCHYARD_DEMO=false, both start the demo world: a local OAuth provider and two
// demo SaaS APIs. Ctrl-C stops them all, Postgres last.

const log = componentLog("start");
const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";
const host = process.env.HOST ?? "127.0.0.1";
const origin = `http://${host}:${port}`;

async function main() {
  if (!dev) await ensureCurrentBuild();
  const db = await prepareDatabase();
  log.info("database ready");
  // Decided here, where NODE_ENV is the caller's: the production-mode children are told.
  const demo: DemoWorld | null = demoConnectorsEnabled()
    ? await startDemoWorld({ webOrigin: origin, baseEnv: process.env })
    : null;
  if (demo) {
    log.info(
      `demo world: Demo Chat and Demo Tracker at ${demo.apisUrl} (OAuth provider ${demo.issuer})`,
    );
    log.info(`connect them on ${origin}/connections; any login and password work`);
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...(dev
      ? { SWITCHYARD_PUBLIC_URL: process.env.SWITCHYARD_PUBLIC_URL?.trim() || origin }
      : localProductionEnv(process.env, origin)),
    ...demo?.env,
    SWITCHYARD_DEMO: demo ? "true" : "false",
    DATABASE_URL: db.url,
  };
  // The web app listens on a private port; the intake answers /hooks/* on the public one
  // and passes everything else through (dev's hot reload included).
  const webPort = await freePort();
  const children: ChildProcess[] = [
    spawn(process.execPath, ["scripts/worker.ts"], { env, stdio: "inherit" }),
    dev
      ? spawn(
          process.execPath,
          ["node_modules/next/dist/bin/next", "dev", "-H", "127.0.0.1", "-p", String(webPort)],
          { env, stdio: "inherit" },
        )
      : spawnWebApp(env, webPort, { stdio: "inherit" }),
    spawnIntakeFront(
      env,
      { host, port, upstream: `http://127.0.0.1:${webPort}` },
      { stdio: "inherit" },
    ),
  ];
  log.info(`web app on ${origin}${dev ? " (dev server: pages compile on first visit)" : ""}`);

  superviseChildren(children, {
    log,
    graceMs: 15_000,
    cleanup: async () => {
      await demo?.close();
      await db.stop();
    },
  });
}

async function ensureCurrentBuild() {
  const state = await buildState();
  if (state === "current") return;
  const started = Date.now();
  log.info(
    state === "missing"
      ? "building the web app for production (first start; about two minutes)…"
      : "the sources changed since the last build: rebuilding the web app (about two minutes)…",
  );
  await buildWebApp();
  log.info(`web app built in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((err) => {
  log.error((err as Error).message);
  process.exit(1);
});
