import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

// The project runs on Node 24 LTS wherever it starts: npm scripts through the pinned
// `node` package (docs/deploy.md), the image through its base image.
const root = fileURLToPath(new URL("../../..", import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}/package.json`, "utf8")) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
};
const pinned = manifest.dependencies.node ?? "";

it("pins one Node 24 release as a dependency, whose install script may run", () => {
  expect(pinned).toMatch(/^24\.\d+\.\d+$/);
  // Its preinstall fetches the platform binary; npm 11 runs it only when allowed.
  expect(manifest.allowScripts.node).toBe(true);
  expect(manifest.engines.node).toMatch(/^>=24\.\d+ <25$/);
  const [minimum] = /24\.(\d+)/.exec(manifest.engines.node)!.slice(1);
  expect(Number(pinned.split(".")[1])).toBeGreaterThanOrEqual(Number(minimum));
});

it("runs this suite on the pinned Node", () => {
  expect(process.version).toBe(`v${pinned}`);
});

it("builds the image on Node 24 and leaves the npm package out of it", () => {
  const dockerfile = readFileSync(`${root}/Dockerfile`, "utf8");
  expect(dockerfile).toMatch(/ARG NODE_IMAGE=node:24-/);
  const installs = dockerfile.match(/npm ci[^\n]*/g) ?? [];
  expect(installs.length).toBeGreaterThan(0);
  for (const line of installs)
    expect(line).toContain("rm -rf node_modules/node node_modules/.bin/node");
});
