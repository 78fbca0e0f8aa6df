import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { TEST_SECRETS_ENV } from "./test-secrets";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  /** The process id it records on attempts and heartbeats. */
  processId: string;
  /** Graceful stop (SIGTERM) and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies mid-step, leaving its jobs locked. */
  kill(): Promise<void>;
}

/** Test defaults: fast polling and crash detection, loopback allowed for fake APIs. */
export const TEST_WORKER_ENV = {
  ...TEST_SECRETS_ENV,
  SWITCHYARD_ALLOW_PRIVATE_NETWORK: "true",
  SWITCHYARD_HEARTBEAT_INTERVAL_MS: "300",
  SWITCHYARD_WORKER_DEAD_AFTER_MS: "2000",
  SWITCHYARD_POLL_INTERVAL_MS: "200",
  SWITCHYARD_WORKER_CONCURRENCY: "10",
};

/**
 * Starts `worker/main.ts` as a real separate process (with its command-line `args`, e.g.
 * `--group eu-onprem`) and waits until it is ready.
 */
export async function spawnWorker(
  databaseUrl: string,
  env: Record<string, string> = {},
  args: readonly string[] = [],
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["scripts/worker.ts", ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...TEST_WORKER_ENV, ...env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 60_000);
    const check = () => {
      if (/worker \S+ started/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}:\n${output}`));
    });
  });

  return {
    child,
    output: () => output,
    processId: /worker (\S+) started/.exec(output)![1]!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}
