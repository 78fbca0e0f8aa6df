// `npm run switchyard`: runs the command line from a JavaScript bundle of worker/cli,
// rebuilt by esbuild (~0.1 s) only when a source file it was built from changed. Loading
// TypeScript through tsx on every call cost ~0.4 s of a command's start-up.
// Node runs this file itself (type stripping), so it imports no TypeScript of ours.
import { enableCompileCache } from "node:module";
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cacheDir = path.join(repoRoot, "node_modules", ".cache", "switchyard-cli");
const pointerFile = path.join(cacheDir, "current.json");
const entry = path.join(repoRoot, "worker", "cli", "main.ts");
const launcher = fileURLToPath(import.meta.url);
/** A replaced build stays this long: a command started from it may still load its chunks. */
const SUPERSEDED_KEEP_MS = 60 * 60 * 1000;

interface Pointer {
  dir: string;
  builtAt: number;
  inputs: string[];
}

async function readPointer(): Promise<Pointer | null> {
  try {
    return JSON.parse(await readFile(pointerFile, "utf8")) as Pointer;
  } catch {
    return null;
  }
}

/** The bundle is current when none of the files it was built from changed since. */
async function isCurrent(pointer: Pointer): Promise<boolean> {
  const times = await Promise.all(
    pointer.inputs.map((input) =>
      stat(path.join(repoRoot, input)).then(
        (s) => s.mtimeMs,
        () => Infinity,
      ),
    ),
  );
  return times.every((mtime) => mtime < pointer.builtAt);
}

/**
 * Each source keeps its own `import.meta.url`, so files found next to a module (the
 * migrations, the embedded Postgres data directory) are found from the bundle too.
 */
const keepModuleUrls: Plugin = {
  name: "keep-module-urls",
  setup(build) {
    build.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = await readFile(args.path, "utf8");
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return {
        contents: source.replaceAll("import.meta.url", url),
        loader: args.path.endsWith(".tsx") ? "tsx" : "ts",
      };
    });
  },
};

/** Builds into a fresh directory and then points at it, so concurrent calls never see half a build. */
async function build(): Promise<Pointer> {
  const { build: esbuild } = await import("esbuild");
  const builtAt = Date.now();
  const dir = `build-${builtAt}-${process.pid}`;
  const result = await esbuild({
    entryPoints: [entry],
    absWorkingDir: repoRoot,
    bundle: true,
    // Chunks keep the packages a command does not use (Prisma, React Email) unloaded.
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node24",
    packages: "external",
    outdir: path.join(cacheDir, dir),
    metafile: true,
    logLevel: "error",
    plugins: [keepModuleUrls],
  });
  const inputs = [...Object.keys(result.metafile.inputs), path.relative(repoRoot, launcher)];
  const pointer: Pointer = { dir, builtAt, inputs };
  const temporary = `${pointerFile}.${process.pid}`;
  await writeFile(temporary, JSON.stringify(pointer));
  await rename(temporary, pointerFile);
  await removeOldBuilds(dir);
  return pointer;
}

/** Removes builds replaced more than SUPERSEDED_KEEP_MS ago (by the next newer build). */
async function removeOldBuilds(current: string): Promise<void> {
  const builtAt = (dir: string) => Number(dir.split("-")[1]);
  const builds = (await readdir(cacheDir)).filter((d) => d.startsWith("build-"));
  builds.sort((a, b) => builtAt(a) - builtAt(b));
  const stale = builds.filter(
    (dir, i) =>
      dir !== current &&
      i + 1 < builds.length &&
      Date.now() - builtAt(builds[i + 1]!) > SUPERSEDED_KEEP_MS,
  );
  await Promise.all(stale.map((d) => rm(path.join(cacheDir, d), { recursive: true, force: true })));
}

async function launch(): Promise<void> {
  // V8 keeps the compiled code of every module loaded (in the OS temp directory): later
  // starts skip compiling.
  enableCompileCache();
  await mkdir(cacheDir, { recursive: true });
  const known = await readPointer();
  const pointer = known && (await isCurrent(known)) ? known : await build();
  await import(pathToFileURL(path.join(cacheDir, pointer.dir, "main.js")).href);
}

launch().catch((err: Error) => {
  console.error(`Cannot start the command line: ${err.message}`);
  process.exit(70);
});
