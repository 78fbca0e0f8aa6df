import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { TEST_SECRETS_ENV } from "./test-secrets";
import { acquireDevServerLock } from "./dev-server-lock";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface WebApp {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The Next.js app as a separate process (dev server: no build step), on a
 * free loopback port, against the given database and environment.
 */
export async function startWebApp(env: Record<string, string>, port?: number): Promise<WebApp> {
  const release = await acquireDevServerLock(repoRoot);
  port ??= await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "dev", "-H", "127.0.0.1", "-p", String(port)],
    {
      cwd: repoRoot,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...TEST_SECRETS_ENV, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  // The lock goes when the server does, however it ends.
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve())).then(release);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`web app exited:\n${output}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`web app not ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * beforeAll timeout for files that start the web app: only one `next dev` runs
 * per checkout, so a file may wait its turn (see dev-server-lock.ts) before
 * its own start-up.
 */
export const WEB_APP_HOOK_TIMEOUT_MS = 17 * 60_000;
