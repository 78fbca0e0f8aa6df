// Runs one of our TypeScript programs (the command line, the worker, the webhook intake)
// from a JavaScript bundle, rebuilt by esbuild (~0.3 s) only when a file it was built from
// changed. Through tsx, the command line spent ~0.4 s of its start-up loading TypeScript and
// the worker held ~20 MB more. Node runs the scripts/ entries itself (type stripping), so
// they import no TypeScript of ours but this file.
import { enableCompileCache } from "node:module";
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const thisFile = path.relative(repoRoot, fileURLToPath(import.meta.url));
/** A replaced build stays this long: a command started from it may still load its chunks. */
const SUPERSEDED_KEEP_MS = 60 * 60 * 1000;

interface Pointer {
  dir: string;
  /** The entry's output file, relative to `dir`. */
  main: string;
  builtAt: number;
  inputs: string[];
}

/** Where one program's builds live, and which of them is current. */
interface Cache {
  dir: string;
  pointerFile: string;
  /** The program's TypeScript entry, relative to the repository. */
  entry: string;
  /** The scripts/ file that started it, relative to the repository. */
  launcher: string;
}

async function readPointer({ pointerFile }: Cache): Promise<Pointer | null> {
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
async function build(cache: Cache): Promise<Pointer> {
  const { build: esbuild } = await import("esbuild");
  const builtAt = Date.now();
  const dir = `build-${builtAt}-${process.pid}`;
  const result = await esbuild({
    entryPoints: [path.join(repoRoot, cache.entry)],
    absWorkingDir: repoRoot,
    bundle: true,
    // Chunks keep the packages a command does not use (Prisma, React Email) unloaded.
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node24",
    packages: "external",
    outdir: path.join(cache.dir, dir),
    metafile: true,
    logLevel: "error",
    plugins: [keepModuleUrls],
  });
  const inputs = [...Object.keys(result.metafile.inputs), thisFile, cache.launcher];
  const [main] = Object.entries(result.metafile.outputs).find(
    ([, output]) => output.entryPoint === cache.entry,
  ) ?? [path.join(cache.dir, dir, "main.js")];
  const pointer: Pointer = {
    dir,
    main: path.relative(path.join(cache.dir, dir), path.resolve(repoRoot, main)),
    builtAt,
    inputs,
  };
  const temporary = `${cache.pointerFile}.${process.pid}`;
  await writeFile(temporary, JSON.stringify(pointer));
  await rename(temporary, cache.pointerFile);
  await removeOldBuilds(cache.dir, dir);
  return pointer;
}

/** Removes builds replaced more than SUPERSEDED_KEEP_MS ago (by the next newer build). */
async function removeOldBuilds(cacheDir: string, current: string): Promise<void> {
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

export interface RunOptions {
  /**
   * Long-running processes (worker, intake): start the bundle in a fresh process image
   * (same pid, so signals and supervisors see no difference) that holds neither the type
   * stripper that ran the scripts/ file nor V8's compile cache (~25 MB together). The
   * command line keeps both: it starts often and ends soon.
   */
  replaceProcess?: boolean;
}

/**
 * Runs `entry` (e.g. "worker/main.ts") from its bundle, building it first when missing or
 * stale. `launcherUrl` is the calling scripts/ file's (its edits rebuild too).
 */
export async function runBundled(
  name: string,
  entry: string,
  launcherUrl: string,
  options: RunOptions = {},
): Promise<void> {
  const dir = path.join(repoRoot, "node_modules", ".cache", "bundles", name);
  const cache: Cache = {
    dir,
    pointerFile: path.join(dir, "current.json"),
    entry,
    launcher: path.relative(repoRoot, fileURLToPath(launcherUrl)),
  };
  let main: string;
  try {
    await mkdir(dir, { recursive: true });
    const known = await readPointer(cache);
    const pointer = known && (await isCurrent(known)) ? known : await build(cache);
    main = path.join(dir, pointer.dir, pointer.main);
  } catch (err) {
    console.error(`Cannot start ${entry}: ${(err as Error).message}`);
    process.exit(70);
  }
  if (options.replaceProcess && typeof process.execve === "function") {
    process.execve(process.execPath, [
      process.execPath,
      ...process.execArgv,
      main,
      ...process.argv.slice(2),
    ]);
  }
  // V8 keeps the compiled code of every module loaded (in the OS temp directory): later
  // starts skip compiling.
  enableCompileCache();
  await import(pathToFileURL(main).href);
}
