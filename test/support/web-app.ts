import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TEST_SECRETS_ENV } from "./test-secrets";

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
 * The built Next.js app (`next start`, as users run it in production) as a
 * separate process on a free loopback port, against the given database and
 * environment. The production server, not `next dev`: dev compiles pages on
 * first visit and hot-reloads them, which wiped forms mid-test on fresh clones;
 * several `next start` share one build, so test files run side by side.
 */
export async function startWebApp(env: Record<string, string>, port?: number): Promise<WebApp> {
  if (!existsSync(join(repoRoot, ".next", "BUILD_ID"))) {
    throw new Error("no production build in .next/: run `npm run build` first (npm test does)");
  }
  port ??= await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        // Tests drive the demo apps, which production hides unless asked for.
        SWITCHYARD_DEMO: "true",
        SWITCHYARD_PUBLIC_URL: `http://127.0.0.1:${port}`,
        ...TEST_SECRETS_ENV,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
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
