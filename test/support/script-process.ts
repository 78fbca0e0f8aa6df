import { spawn, type ChildProcess } from "node:child_process";

export interface ScriptProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
}

/**
 * One of the project's entry points as an operator runs it (`node --import tsx <script>`
 * unless `args` say otherwise), with only PATH, HOME and `env` in its environment.
 * Callers push `child` where their afterAll kills what is left.
 */
export function spawnScript(args: string[], env: Record<string, string>): ScriptProcess {
  // Next's types make NODE_ENV required; an operator's shell may well not set it.
  const childEnv: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...env,
  };
  const child = spawn(process.execPath, args, {
    env: childEnv as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, exited, output: () => output };
}
