// Child processes of a benchmark (worker, Next.js server, intake floor, n8n): each runs in
// its own process group, so stopping it also stops whatever it started (n8n's task
// runner, flock's child). stop() sends SIGTERM to the group, then SIGKILL after a grace
// period; it is registered for cleanup until it has run.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { onCleanup, sleep } from "./cleanup";

export interface ChildProcessHandle {
  name: string;
  pid: number;
  /** The last ~64 KB of stdout + stderr. */
  output(): string;
  exitCode(): number | null;
  /** Lines of output that matched `countLines` so far, and the first few of them. */
  matchedLines(): { count: number; examples: string[] };
  /** Resolves when `pattern` appears in the output; rejects if the process exits first. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Default 10 s before SIGKILL. */
  graceMs?: number;
  /** Output lines to count (e.g. warnings and errors in JSON logs). */
  countLines?: RegExp;
}

const KEEP_OUTPUT = 64 * 1024;

export function spawnProcess(options: SpawnOptions): ChildProcessHandle {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  let partial = "";
  const matched = { count: 0, examples: [] as string[] };
  const append = (d: Buffer) => {
    const text = d.toString();
    output = (output + text).slice(-KEEP_OUTPUT);
    if (!options.countLines) return;
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      if (!options.countLines.test(line)) continue;
      matched.count += 1;
      if (matched.examples.length < 3) matched.examples.push(line.slice(0, 500));
    }
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  let spawnError: Error | undefined;
  child.on("error", (err) => {
    spawnError = err;
    output += `\n[spawn error] ${err.message}\n`;
  });
  let exitCode: number | null = null;
  let exitedFlag = false;
  const exited = new Promise<void>((resolve) =>
    child.once("close", (code, signal) => {
      exitedFlag = true;
      exitCode = code ?? (signal ? 128 : 1);
      resolve();
    }),
  );

  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = options.graceMs ?? 10_000) =>
    (stopping ??= (async () => {
      if (!exitedFlag) {
        killGroup("SIGTERM");
        const killed = await Promise.race([
          exited.then(() => true),
          sleep(graceMs).then(() => false),
        ]);
        if (!killed) {
          killGroup("SIGKILL");
          await Promise.race([exited, sleep(5_000)]);
        }
      }
      // Members of the group that outlived its leader (e.g. a runner n8n started).
      killGroup("SIGKILL");
      unregister();
    })());
  const unregister = onCleanup(`${options.name} (pid ${child.pid})`, () => stop());

  return {
    name: options.name,
    pid: child.pid ?? -1,
    output: () => output,
    exitCode: () => (spawnError ? 127 : exitCode),
    matchedLines: () => ({ count: matched.count, examples: [...matched.examples] }),
    async waitForOutput(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        if (exitedFlag || spawnError) {
          throw new Error(
            `${options.name} exited (code ${exitCode}) before printing ${pattern}:\n${tail(output)}`,
          );
        }
        if (Date.now() > deadline) {
          throw new Error(
            `${options.name} did not print ${pattern} within ${timeoutMs} ms:\n${tail(output)}`,
          );
        }
        await sleep(50);
      }
    },
    stop,
  };
}

export function tail(text: string, lines = 30): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ (`getconf CLK_TCK`)

/** CPU seconds (user + system) used so far by the live processes of a process group. */
export function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name (which may contain spaces), from field 3 on.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}
