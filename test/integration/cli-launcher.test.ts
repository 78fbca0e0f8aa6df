import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { runCli } from "../support/cli";

// `npm run switchyard` runs a JavaScript bundle of the command line, rebuilt only when a
// file it was built from changed (scripts/bundled.ts; the worker and intake start alike).

const cacheDir = fileURLToPath(new URL("../../node_modules/.cache/bundles/cli", import.meta.url));
const pointerFile = path.join(cacheDir, "current.json");

interface Pointer {
  dir: string;
  builtAt: number;
  inputs: string[];
}

const readPointer = async () => JSON.parse(await readFile(pointerFile, "utf8")) as Pointer;

it("builds the command line on first use, keeps the build while nothing changed, and rebuilds after a change", async () => {
  await rm(pointerFile, { force: true });
  const first = await runCli(["--version"], {});
  expect(first).toMatchObject({ code: 0, stderr: "" });
  expect(first.stdout).toMatch(/^switchyard \S+ \(Node\.js v24\./);
  const built = await readPointer();
  expect(existsSync(path.join(cacheDir, built.dir, "main.js"))).toBe(true);
  expect(built.inputs).toEqual(
    expect.arrayContaining(["worker/cli/main.ts", "scripts/switchyard.ts", "scripts/bundled.ts"]),
  );

  expect((await runCli(["--version"], {})).code).toBe(0);
  expect((await readPointer()).dir).toBe(built.dir);

  // As if a source file had been edited after the build.
  await writeFile(pointerFile, JSON.stringify({ ...built, builtAt: 1 }));
  expect((await runCli(["--version"], {})).code).toBe(0);
  const rebuilt = await readPointer();
  expect(rebuilt.dir).not.toBe(built.dir);
  // The replaced build stays a while: commands started from it may still load its chunks.
  expect(existsSync(path.join(cacheDir, built.dir, "main.js"))).toBe(true);
});
