import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

// The image cannot be built here (no Docker engine); this pins its structure.
const root = fileURLToPath(new URL("../../..", import.meta.url));
const dockerfile = readFileSync(`${root}/Dockerfile`, "utf8");
const instructions = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "" && !line.startsWith("#"));
const stages = instructions
  .filter((line) => line.startsWith("FROM "))
  .map((line) => /^FROM\s+(\S+)\s+AS\s+(\S+)/i.exec(line)?.slice(1) ?? []);
const final = instructions.slice(instructions.findLastIndex((line) => line.startsWith("FROM ")));

it("builds in stages from Node 24 slim", () => {
  expect(stages.map(([, name]) => name)).toEqual(["deps", "build", "runtime"]);
  expect(dockerfile).toMatch(/ARG NODE_IMAGE=node:24[\w.-]*-slim/);
  for (const [image] of stages) expect(image).toBe("${NODE_IMAGE}");
});

it("installs only production dependencies for the final image", () => {
  const deps = instructions.slice(
    instructions.findIndex((l) => / AS deps$/.test(l)),
    instructions.findIndex((l) => / AS build$/.test(l)),
  );
  expect(deps.some((l) => /npm ci .*--omit=dev/.test(l))).toBe(true);
  const nodeModules = final.filter((l) => l.startsWith("COPY") && l.includes("node_modules"));
  expect(nodeModules).toEqual(["COPY --from=deps /app/node_modules ./node_modules"]);
  // The build stage's node_modules (dev dependencies included) never reaches it.
  expect(final.some((l) => /--from=build\s+\/app\/node_modules/.test(l))).toBe(false);
});

it("serves the Next.js standalone build as a non-root user", () => {
  expect(final).toContain("COPY --from=build /app/.next/standalone ./");
  expect(final).toContain("COPY --from=build /app/.next/static ./.next/static");
  expect(final).toContain("USER node");
  expect(final.indexOf("USER node")).toBeLessThan(final.findIndex((l) => l.startsWith("CMD")));
  expect(final.at(-1)).toBe('CMD ["node", "server.js"]');
  expect(final).toContain("EXPOSE 3000");
});

it("ships what the worker and migrate roles run", () => {
  for (const dir of ["prisma", "connectors", "worker", "scripts"]) {
    expect(final).toContain(`COPY ${dir} ./${dir}`);
  }
  expect(final).toContain("COPY --from=build /app/generated ./generated");
});

it("keeps secrets and local state out of the build context", () => {
  const ignored = readFileSync(`${root}/.dockerignore`, "utf8").split("\n");
  for (const entry of [".env", ".data", "node_modules", ".git", ".next"]) {
    expect(ignored).toContain(entry);
  }
});
