import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { createServer } from "node:net";
import { STANDALONE_SERVER } from "./web-build";

// The product's processes on one machine, as npm start, start:prod and the tests run
// them: the webhook intake on the public port, passing every other path to the web app
// on a private loopback port (docs/deploy.md, "One origin").

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

/** The built Next.js app (standalone server) on 127.0.0.1:<port>. */
export function spawnWebApp(
  env: NodeJS.ProcessEnv,
  port: number,
  options: Omit<SpawnOptions, "env"> = {},
): ChildProcess {
  return spawn(process.execPath, [STANDALONE_SERVER], {
    ...options,
    env: { ...env, HOSTNAME: "127.0.0.1", PORT: String(port) },
  });
}

/** The intake on host:port, in front of the web app at `upstream`. */
export function spawnIntakeFront(
  env: NodeJS.ProcessEnv,
  front: { host: string; port: number | string; upstream: string },
  options: Omit<SpawnOptions, "env"> = {},
): ChildProcess {
  return spawn(process.execPath, ["scripts/intake.ts"], {
    ...options,
    env: {
      ...env,
      HOST: front.host,
      PORT: String(front.port),
      SWITCHYARD_WEB_UPSTREAM: front.upstream,
    },
  });
}
