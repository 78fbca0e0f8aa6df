// Loading Prisma's schema engine (@prisma/schema-engine-wasm) and running it
// through the pg driver adapter (prisma/schema-engine-adapter.ts); see
// prisma/schema-engine.ts for why and for the version pin's rules.
//
// How it is loaded: the package's entry (`schema_engine.js`) does
// `import * as wasm from "./schema_engine_bg.wasm"`, which Node cannot import.
// So we import its wasm-bindgen glue (`schema_engine_bg.js`), instantiate the
// .wasm ourselves with the glue as its import object, hand the instance back
// to the glue (__wbg_set_wasm) and run its start function — what the entry
// module would have done.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type * as Engine from "@prisma/schema-engine-wasm";
import { adapterFactory } from "./schema-engine-adapter";

/** The @prisma/schema-engine-wasm version this wrapper was written against. */
export const SCHEMA_ENGINE_WASM_VERSION = "8.1.0-2.59be4fda12412a79eeb9c2ae727b6aa723593323";

const require = createRequire(import.meta.url);

type GlueModule = typeof Engine & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

let loading: Promise<GlueModule> | undefined;
let lastPanic: string | undefined;

/**
 * Loads and starts the wasm module once per process; returns the glue module
 * (SchemaEngine class, version()). Throws when the installed package is not
 * the pinned version.
 */
export function loadSchemaEngineWasm(): Promise<GlueModule> {
  loading ??= (async () => {
    // (package.json is not in the package's "exports": go through the glue's path.)
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const packageDir = path.dirname(gluePath);
    const { version } = JSON.parse(
      await readFile(path.join(packageDir, "package.json"), "utf8"),
    ) as { version: string };
    if (version !== SCHEMA_ENGINE_WASM_VERSION) {
      throw new Error(
        `@prisma/schema-engine-wasm ${version} is installed, but prisma/schema-engine-wasm.ts is ` +
          `written for ${SCHEMA_ENGINE_WASM_VERSION} (an internal API). Install that exact ` +
          `version, or check the wrapper against the new one and update the constant.`,
      );
    }
    // Rust panics report their message here before the wasm traps.
    (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message(message: string) {
        lastPanic = message;
      },
    };
    const glue = (await import(pathToFileURL(gluePath).href)) as GlueModule;
    const bytes = await readFile(path.join(packageDir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** The engine's own version string (its prisma-engines git hash). */
export async function schemaEngineVersion(): Promise<string> {
  return (await loadSchemaEngineWasm()).version();
}

// ---------------------------------------------------------------------------
// The engine

/**
 * Runs `fn` with an engine connected (through the adapter) to `databaseUrl`.
 * The engine connects when created, even for operations that need no
 * database (empty -> datamodel), so a reachable server is always required.
 */
export async function withSchemaEngine<T>(
  options: { databaseUrl: string; datamodel?: string },
  fn: (engine: Engine.SchemaEngine) => Promise<T>,
): Promise<T> {
  const glue = await loadSchemaEngineWasm();
  const datamodels: [string, string][] | undefined =
    options.datamodel !== undefined ? [["schema.prisma", options.datamodel]] : undefined;
  lastPanic = undefined;
  const adapters = adapterFactory(options.databaseUrl);
  const fail = (error: unknown): never => {
    const panic = lastPanic ? `\nengine panic: ${lastPanic}` : "";
    throw new Error(
      `schema engine: ${error instanceof Error ? error.message : String(error)}${panic}`,
      { cause: error },
    );
  };
  let engine: Engine.SchemaEngine;
  try {
    engine = await glue.SchemaEngine.new(
      { datamodels },
      // The engine's JSON log lines; DEBUG_SCHEMA_ENGINE=1 shows them.
      (line: string) => {
        if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(line);
      },
      bindMigrationAwareSqlAdapterFactory(adapters.factory),
    );
  } catch (error) {
    await adapters.disposeAll();
    return fail(error);
  }
  try {
    return await fn(engine);
  } catch (error) {
    return fail(error);
  } finally {
    engine.free();
    await adapters.disposeAll();
  }
}
