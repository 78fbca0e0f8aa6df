import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { freePort, spawnIntakeFront, spawnWebApp } from "../../scripts/local-processes";
import { STANDALONE_SERVER } from "../../scripts/web-build";
import { TEST_SECRETS_ENV } from "./test-secrets";

export { freePort };

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const NEXT_BIN = "node_modules/next/dist/bin/next";

export interface WebApp {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * The product's front as `npm start` runs it: the built Next.js app (its standalone
 * server) on a private loopback port behind the webhook intake process on `port` (free
 * by default), against the given database and environment. The production server, not
 * `next dev`: dev compiles pages on first visit and hot-reloads them, which wiped forms
 * mid-test on fresh clones; several servers share one build, so test files run side by side.
 *
 * `{ dev: true }` runs `next dev` instead, for the one spec that reads what only the
 * dev server reports (React's development warnings); one dev server per checkout.
 */
export async function startWebApp(
  env: Record<string, string>,
  port?: number,
  options: { dev?: boolean } = {},
): Promise<WebApp> {
  if (!options.dev && !existsSync(STANDALONE_SERVER)) {
    throw new Error("no production build in .next/: run `npm run build` first (npm test does)");
  }
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const webPort = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: options.dev ? "development" : "production",
    NEXT_TELEMETRY_DISABLED: "1",
    // Tests drive the demo apps, which production hides unless asked for.
    SWITCHYARD_DEMO: "true",
    SWITCHYARD_PUBLIC_URL: url,
    ...TEST_SECRETS_ENV,
    ...env,
  };
  const spawnOptions: SpawnOptions = { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] };
  const children: ChildProcess[] = [
    options.dev
      ? spawn(process.execPath, [NEXT_BIN, "dev", "-H", "127.0.0.1", "-p", String(webPort)], {
          ...spawnOptions,
          env: childEnv,
        })
      : spawnWebApp(childEnv, webPort, spawnOptions),
    spawnIntakeFront(
      childEnv,
      { host: "127.0.0.1", port, upstream: `http://127.0.0.1:${webPort}` },
      spawnOptions,
    ),
  ];
  let output = "";
  const exited = children.map((child) => {
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    return new Promise<void>((resolve) => child.once("exit", () => resolve()));
  });
  const stop = async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.all(exited);
  };
  // The dev server compiles the health route on the first request.
  const deadline = Date.now() + (options.dev ? 180_000 : 60_000);
  for (;;) {
    if (children.some((child) => child.exitCode !== null)) {
      await stop();
      throw new Error(`web app exited:\n${output}`);
    }
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`web app not ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    output: () => output,
    stop,
  };
}
