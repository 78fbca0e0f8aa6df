// The real web app for the intake benchmark: the Next.js production server (`next start`,
// as users run it), on 127.0.0.1, against the benchmark's database. It needs a production
// build in .next/. Builds and servers share .next/, so every build this bench runs takes
// /tmp/switchyard-next.lock exclusively (`flock`), and the server runs under a shared lock
// on it (`flock -s`): a build started elsewhere under flock waits until the bench is done,
// and the bench waits for a build in progress.
import { existsSync } from "node:fs";
import path from "node:path";
import { freePort } from "../../test/support/web-app";
import { BENCH_SECRETS_ENV, repoRoot } from "./bench-env";
import { sleep, withTimeout } from "./cleanup";
import { spawnProcess, tail } from "./processes";
import { progress } from "./report";

export const NEXT_LOCK = "/tmp/switchyard-next.lock";
const BUILD_LIMIT_MS = 20 * 60_000;

/** Makes sure .next/BUILD_ID exists: runs `flock <lock> npm run build` when it does not. */
export async function ensureNextBuild(): Promise<void> {
  const buildId = path.join(repoRoot, ".next", "BUILD_ID");
  if (existsSync(buildId)) return;
  progress(
    `no production build (.next/BUILD_ID is missing): running \`flock ${NEXT_LOCK} npm run build\` ` +
      "now; this takes a few minutes",
  );
  const started = Date.now();
  const build = spawnProcess({
    name: "next build",
    command: "flock",
    args: [NEXT_LOCK, "npm", "run", "build"],
    cwd: repoRoot,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  const ticker = setInterval(
    () => progress(`next build: ${((Date.now() - started) / 1000).toFixed(0)} s so far`),
    30_000,
  );
  try {
    await withTimeout(
      (async () => {
        while (build.exitCode() === null) await sleep(500);
      })(),
      BUILD_LIMIT_MS,
      "next build",
    );
  } finally {
    clearInterval(ticker);
    await build.stop();
  }
  if (build.exitCode() !== 0 || !existsSync(buildId)) {
    throw new Error(
      `\`npm run build\` failed (exit ${build.exitCode()}), so the intake benchmark cannot start ` +
        `the web app. Its last lines:\n${tail(build.output())}`,
    );
  }
  progress(`next build done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

export interface NextServer {
  url: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** `next start` on a free loopback port, under a shared flock on the build. */
export async function startNextServer(databaseUrl: string): Promise<NextServer> {
  await ensureNextBuild();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawnProcess({
    name: "next start",
    command: "flock",
    args: [
      "-s",
      NEXT_LOCK,
      process.execPath,
      "node_modules/next/dist/bin/next",
      "start",
      "-H",
      "127.0.0.1",
      "-p",
      String(port),
    ],
    cwd: repoRoot,
    env: {
      ...process.env,
      // What test/support/web-app.ts passes to the production server.
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      SWITCHYARD_DEMO: "false",
      SWITCHYARD_PUBLIC_URL: url,
      ...BENCH_SECRETS_ENV,
      DATABASE_URL: databaseUrl,
    },
  });
  progress(`next start on ${url} (waits while a build holds ${NEXT_LOCK})`);
  const deadline = Date.now() + 15 * 60_000;
  let announced = false;
  for (;;) {
    if (server.exitCode() !== null) {
      await server.stop();
      throw new Error(`next start exited (code ${server.exitCode()}):\n${tail(server.output())}`);
    }
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`next start not ready within 15 min:\n${tail(server.output())}`);
    }
    if (!announced && server.output() === "" && Date.now() > deadline - 14 * 60_000) {
      progress(`next start: still waiting (a build may hold ${NEXT_LOCK})`);
      announced = true;
    }
    await sleep(300);
  }
  return { url, pid: server.pid, output: server.output, stop: () => server.stop() };
}
