import { spawn, type ChildProcess } from "node:child_process";
import { demoConnectorsEnabled } from "../connectors/registry";
import { startDemoWorld, type DemoWorld } from "../worker/demo/start-demo-world";
import { prepareDatabase } from "../worker/prepare-database";

// `npm start`: embedded Postgres (unless DATABASE_URL is set), migrations,
// one worker process and the Next.js app — nothing else to install or run.
// Outside production (or with SWITCHYARD_DEMO=true) it also starts the demo
// world: a local OAuth provider and two demo SaaS APIs (SWITCHYARD_DEMO=false
// turns it off). Ctrl-C stops them all, Postgres last.

const port = process.env.PORT ?? "3000";
const host = process.env.HOST ?? "127.0.0.1";

async function main() {
  const db = await prepareDatabase();
  console.log(`[start] database ready`);
  const demo: DemoWorld | null = demoConnectorsEnabled()
    ? await startDemoWorld({ webOrigin: `http://${host}:${port}`, baseEnv: process.env })
    : null;
  if (demo) {
    console.log(
      `[start] demo world: Demo Chat and Demo Tracker at ${demo.apisUrl} (OAuth provider ${demo.issuer})`,
    );
    console.log(
      `[start]   connect them on http://${host}:${port}/connections; any login and password work`,
    );
  }
  const env = { ...process.env, ...demo?.env, DATABASE_URL: db.url };
  const children: ChildProcess[] = [
    spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], { env, stdio: "inherit" }),
    spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", "-H", host, "-p", port], {
      env,
      stdio: "inherit",
    }),
  ];
  console.log(`[start] web app on http://${host}:${port}`);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
          }),
      ),
    );
    await demo?.close();
    await db.stop();
    process.exit(code);
  };
  for (const child of children) {
    child.once("exit", (code) => {
      if (!stopping) {
        console.error(`[start] a process exited (code ${code}); stopping everything`);
        void stop(code ?? 1);
      }
    });
  }
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
}

main().catch((err) => {
  console.error(`[start] ${(err as Error).message}`);
  process.exit(1);
});
