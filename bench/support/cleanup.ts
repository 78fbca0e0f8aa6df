// Everything a benchmark starts (databases, processes, servers, pools) registers how to
// stop it here. A benchmark stops its own things as it goes; whatever is still registered
// when it ends, fails or times out is stopped by runCleanups(), newest first, so nothing
// is left running or listening after `npm run bench`.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { progress } from "./report";

interface Entry {
  name: string;
  stop: () => Promise<void>;
}

const entries: Entry[] = [];
const CLEANUP_TIMEOUT_MS = 30_000;

/** Registers a stop function; call the returned function once stopped normally. */
export function onCleanup(name: string, stop: () => Promise<void>): () => void {
  const entry = { name, stop };
  entries.push(entry);
  return () => {
    const index = entries.indexOf(entry);
    if (index >= 0) entries.splice(index, 1);
  };
}

/** Stops everything still registered, newest first; never throws. */
export async function runCleanups(): Promise<void> {
  while (entries.length > 0) {
    const entry = entries.pop()!;
    progress(`cleanup: stopping ${entry.name}`);
    try {
      await withTimeout(entry.stop(), CLEANUP_TIMEOUT_MS, `stopping ${entry.name}`);
    } catch (err) {
      progress(`cleanup: ${entry.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

export function pendingCleanups(): string[] {
  return entries.map((e) => e.name);
}

/** Rejects with "<what> timed out after N ms" unless the promise settles first. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts `server` on a free port of 127.0.0.1; its close (connections included) runs on
 * cleanup too. Returns the port and the close.
 */
export async function listenOnLoopback(
  server: Server,
  name: string,
): Promise<{ port: number; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      unregister();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const unregister = onCleanup(name, close);
  return { port: (server.address() as AddressInfo).port, close };
}
