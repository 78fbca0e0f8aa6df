import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";

// Only one `next dev` may run per checkout (it locks .next/), yet several e2e files and
// several people's test runs start one. A pid file in .data/ makes them take turns; a
// file left by a process that died is taken over.

const WAIT_MS = 15 * 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Waits for the checkout's dev-server lock; returns its release. */
export async function acquireDevServerLock(repoRoot: string): Promise<() => void> {
  const dir = join(repoRoot, ".data");
  const file = join(dir, "next-dev.lock");
  mkdirSync(dir, { recursive: true });
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const holder = Number(readFileSync(file, "utf8").trim() || "0");
    if (holder && !alive(holder)) rmSync(file, { force: true });
    else if (Date.now() > deadline) throw new Error(`${file} still held by pid ${holder}`);
    else await new Promise((r) => setTimeout(r, 500));
  }
}
