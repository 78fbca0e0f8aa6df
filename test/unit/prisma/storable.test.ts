import { describe, expect, it } from "vitest";
import { MAX_NESTING_DEPTH, storableProblem } from "../../../prisma/storable";

const nestedArrays = (levels: number): unknown =>
  JSON.parse("[".repeat(levels) + "]".repeat(levels));
const nestedObjects = (levels: number): unknown =>
  JSON.parse('{"a":'.repeat(levels - 1) + "{}" + "}".repeat(levels - 1));

describe("storableProblem", () => {
  it("takes values nested up to the limit, in objects and arrays", () => {
    expect(storableProblem(nestedArrays(MAX_NESTING_DEPTH))).toBeNull();
    expect(storableProblem(nestedObjects(MAX_NESTING_DEPTH))).toBeNull();
    expect(storableProblem({ a: 1, b: [1, "x", null, true], c: { d: "e" } })).toBeNull();
    expect(storableProblem("a string")).toBeNull();
  });

  it("refuses one level more, naming the limit", () => {
    for (const value of [
      nestedArrays(MAX_NESTING_DEPTH + 1),
      nestedObjects(MAX_NESTING_DEPTH + 1),
    ]) {
      const problem = storableProblem(value);
      expect(problem?.kind).toBe("too_deep");
      expect(problem?.message).toContain(`${MAX_NESTING_DEPTH} levels`);
    }
  });

  it("walks 100,000 nested arrays without overflowing the stack (the 500 it replaces)", () => {
    expect(storableProblem(nestedArrays(100_000))?.kind).toBe("too_deep");
    expect(storableProblem(nestedObjects(100_000))?.kind).toBe("too_deep");
  });

  it("finds a NUL character in a value or a key, however deep (within the limit)", () => {
    expect(storableProblem({ a: [{ b: "x\u0000" }] })?.kind).toBe("nul_character");
    expect(storableProblem({ a: { "k\u0000": 1 } })?.kind).toBe("nul_character");
  });

  it("walks own '__proto__' keys like any other (JSON.parse makes them own properties)", () => {
    const value = JSON.parse('{"__proto__":{"x":"\\u0000"}}') as object;
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect(storableProblem(value)?.kind).toBe("nul_character");
  });
});
