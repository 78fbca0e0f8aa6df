import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { buildState, recordBuildFingerprint, sourceFingerprint } from "../../../scripts/web-build";

// `npm start` builds the web app only when the build is missing or older than the
// sources: a checkout stands in for the repository, with a build "made" by hand.

let root: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "switchyard-build-"));
  await write("app/page.tsx", "export default function Page() {}\n");
  await write("worker/engine/graph.ts", "export const graph = 1;\n");
  await write("package-lock.json", "{}\n");
  await write("test/unit/some.test.ts", "it('runs')\n");
  await write("README.md", "# hello\n");
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function write(relative: string, text: string) {
  await fs.mkdir(path.dirname(path.join(root, relative)), { recursive: true });
  await fs.writeFile(path.join(root, relative), text);
}

async function built() {
  await write(".next/standalone/server.js", "// the standalone server\n");
  await recordBuildFingerprint(root, await sourceFingerprint(root));
}

it("a checkout without a build needs one", async () => {
  expect(await buildState(root)).toBe("missing");
  // A fingerprint without the server it describes is no build either.
  await fs.mkdir(path.join(root, ".next"));
  await recordBuildFingerprint(root, await sourceFingerprint(root));
  expect(await buildState(root)).toBe("missing");
});

it("a build of the current sources is current; tests and docs do not go into it", async () => {
  await built();
  expect(await buildState(root)).toBe("current");
  await write("test/unit/some.test.ts", "it('runs differently')\n");
  await write("README.md", "# hello again\n");
  expect(await buildState(root)).toBe("current");
});

it("an edit, a new file, a deleted file or a new lockfile makes the build stale", async () => {
  const changes: [string, () => Promise<void>][] = [
    ["edit", () => write("app/page.tsx", "export default function Page() { return null; }\n")],
    ["new file", () => write("connectors/new/connector.ts", "export {};\n")],
    ["deleted file", () => fs.rm(path.join(root, "worker/engine/graph.ts"))],
    ["lockfile", () => write("package-lock.json", '{"lockfileVersion":3}\n')],
  ];
  for (const [what, change] of changes) {
    await built();
    await change();
    expect(await buildState(root), what).toBe("stale");
  }
});

it("a file renamed keeps no fingerprint of the old name", async () => {
  const before = await sourceFingerprint(root);
  await fs.rename(path.join(root, "app/page.tsx"), path.join(root, "app/other.tsx"));
  expect(await sourceFingerprint(root)).not.toBe(before);
});
