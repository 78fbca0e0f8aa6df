// `npm run db:generate` and the package's postinstall: writes the Prisma client
// to generated/prisma.
//
// Every `prisma` CLI command first makes sure the native schema engine is
// present and tries to download it when it is not — which fails offline. The
// generator never calls that engine, so pointing PRISMA_SCHEMA_ENGINE_BINARY at
// any existing executable (this Node binary) is enough to skip the download.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

function main(): number {
  const started = performance.now();
  let cli: string;
  try {
    cli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
  } catch {
    // `npm install --omit=dev` (prisma is a devDependency): do not fail the install.
    if (process.env.npm_lifecycle_event === "postinstall") {
      console.warn("prisma generate: skipped (the `prisma` devDependency is not installed).");
      return 0;
    }
    console.error("prisma generate: the `prisma` package is not installed (run npm install).");
    return 1;
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // No telemetry / update check: they only add network round-trips.
    CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? "1",
    PRISMA_HIDE_UPDATE_MESSAGE: process.env.PRISMA_HIDE_UPDATE_MESSAGE ?? "1",
  };
  const engine = process.env.PRISMA_SCHEMA_ENGINE_BINARY;
  if (!engine || !existsSync(engine)) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;

  const result = spawnSync(process.execPath, [cli, "generate", "--no-hints"], {
    cwd: repoRoot,
    env,
    encoding: "utf8",
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);

  if (result.error || result.status !== 0) {
    process.stderr.write(output);
    const why = result.error ? result.error.message : `exit code ${result.status}`;
    console.error(`prisma generate: FAILED (${why}) after ${seconds}s`);
    return 1;
  }
  const generated = /Generated (.+?) to (\S+)/.exec(output);
  const what = generated ? `${generated[1]} -> ${generated[2]}` : "done";
  console.log(`prisma generate: ${what} in ${seconds}s`);
  return 0;
}

process.exitCode = main();
