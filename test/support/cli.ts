import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { TEST_WORKER_ENV } from "./worker-process";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  /** Resolves once stdout matches; the match. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  done: Promise<CliResult>;
}

/** Starts `npm run switchyard -- …` the way a user would, as a separate process. */
export function spawnCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, ["scripts/switchyard.ts", ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...TEST_WORKER_ENV, ...env },
  });
  let stdout = "";
  let stderr = "";
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    for (const waiter of [...waiters]) {
      const match = waiter.pattern.exec(stdout);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) =>
    child.on("exit", (code) => resolve({ code, stdout, stderr })),
  );
  return {
    child,
    done,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const match = pattern.exec(stdout);
        if (match) return resolve(match);
        waiters.push({ pattern, resolve });
        void done.then((r) =>
          reject(new Error(`CLI exited ${r.code} before ${pattern}:\n${r.stdout}\n${r.stderr}`)),
        );
      }),
  };
}

export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return spawnCli(args, env).done;
}

/** A gate that only alice@example.test may decide, and not on a run she started herself. */
export const gatedGraph = (api: string) => ({
  nodes: [
    { id: "order", type: "trigger", name: "Order placed" },
    {
      id: "gate",
      type: "approval",
      name: "Manager sign-off",
      approval: {
        message: "Ship it?",
        approvers: ["alice@example.test"],
        requesterMayNotApprove: true,
      },
    },
    {
      id: "ship",
      type: "action",
      name: "Ship the order",
      action: "http.request",
      input: { method: "POST", url: `${api}/echo` },
    },
  ],
  edges: [
    { from: "order", to: "gate", kind: "dependent" },
    { from: "gate", to: "ship", kind: "dependent" },
  ],
});
