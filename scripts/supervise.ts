import type { ChildProcess } from "node:child_process";
import type { Logger } from "pino";

/**
 * Runs child processes as one unit: when any exits, or this process gets
 * SIGINT/SIGTERM, every child gets SIGTERM (SIGKILL after `graceMs`), then
 * `cleanup` runs and this process exits. The grace period must cover a worker
 * finishing its running steps (see docs/deploy.md, "Graceful shutdown").
 */
export function superviseChildren(
  children: ChildProcess[],
  options: { log: Logger; graceMs: number; cleanup?: () => Promise<void> },
) {
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), options.graceMs).unref();
          }),
      ),
    );
    await options.cleanup?.();
    process.exit(code);
  };
  for (const child of children) {
    child.once("exit", (code) => {
      if (!stopping) {
        options.log.error(`a process exited (code ${code}); stopping everything`);
        void stop(code ?? 1);
      }
    });
  }
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
}
