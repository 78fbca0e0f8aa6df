import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { REPO_ROOT } from "../prisma/database-url";

// The production build of the web app, and whether the one on disk is current.
// `npm run build` records a fingerprint of everything Next.js compiles; `npm start`
// rebuilds when the build is missing or the fingerprint no longer matches (a pull,
// an edit, a new lockfile), so it never serves stale pages and never builds twice.

/** What `next build` reads: sources, the generated Prisma client, and the tool configs. */
export const BUILD_INPUTS = [
  "app",
  "connectors",
  "worker",
  "prisma",
  "generated",
  "public",
  "instrumentation.ts",
  "instrumentation-node.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
] as const;

const FINGERPRINT_FILE = path.join(".next", "switchyard-build.json");

/**
 * The production web server: Next's standalone server, which the Docker image runs too.
 * Run from the checkout, packages its trace left out resolve from the checkout's
 * node_modules, as the image's full install provides them. It listens on HOSTNAME:PORT.
 */
export const STANDALONE_SERVER = path.join(REPO_ROOT, ".next", "standalone", "server.js");

export type BuildState = "missing" | "stale" | "current";

/** sha256 over the paths and contents of the build inputs under `root` (absent ones skipped). */
export async function sourceFingerprint(root: string = REPO_ROOT): Promise<string> {
  const hash = createHash("sha256");
  for (const input of BUILD_INPUTS) {
    for (const file of await filesUnder(root, input)) {
      hash.update(`${file}\0`);
      hash.update(await fs.readFile(path.join(root, file)));
      hash.update("\0");
    }
  }
  return hash.digest("hex");
}

async function filesUnder(root: string, relative: string): Promise<string[]> {
  const stat = await fs.stat(path.join(root, relative)).catch(() => null);
  if (!stat) return [];
  if (!stat.isDirectory()) return [relative];
  const entries = await fs.readdir(path.join(root, relative), { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((entry) => filesUnder(root, path.join(relative, entry.name))),
  );
  return nested.flat();
}

export async function buildState(root: string = REPO_ROOT): Promise<BuildState> {
  const server = path.join(root, path.relative(REPO_ROOT, STANDALONE_SERVER));
  if (!(await fs.stat(server).catch(() => null))) return "missing";
  const recorded = await fs
    .readFile(path.join(root, FINGERPRINT_FILE), "utf8")
    .then((text) => (JSON.parse(text) as { fingerprint?: string }).fingerprint)
    .catch(() => undefined);
  return recorded === (await sourceFingerprint(root)) ? "current" : "stale";
}

/**
 * `next build`, then what the standalone server needs beside it (its static files), then
 * the fingerprint. The fingerprint is taken before building, so an edit made while
 * building leaves the build stale rather than looking current.
 */
export async function buildWebApp(root: string = REPO_ROOT): Promise<void> {
  const fingerprint = await sourceFingerprint(root);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"],
      { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } },
    );
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`next build exited with code ${code}`)),
    );
  });
  const standalone = path.join(root, ".next", "standalone");
  await fs.cp(path.join(root, ".next", "static"), path.join(standalone, ".next", "static"), {
    recursive: true,
  });
  if (await fs.stat(path.join(root, "public")).catch(() => null)) {
    await fs.cp(path.join(root, "public"), path.join(standalone, "public"), { recursive: true });
  }
  await recordBuildFingerprint(root, fingerprint);
}

export async function recordBuildFingerprint(root: string, fingerprint: string): Promise<void> {
  await fs.writeFile(
    path.join(root, FINGERPRINT_FILE),
    `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString() })}\n`,
  );
}
