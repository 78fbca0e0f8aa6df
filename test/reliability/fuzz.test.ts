import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { actionCatalog } from "../../connectors/registry";
import {
  findTemplateErrors,
  parseGraph,
  resolveTemplates,
  validateGraph,
} from "../../worker/engine";
import { graphLike, template } from "../support/arbitraries";

// Bad input, fuzzed: whatever arrives, the validator and the template engine
// answer with problems (a clear 4xx at the edges), never an exception.
describe("fuzz", () => {
  it("parseGraph + validateGraph never throw and always explain a refusal", () => {
    fc.assert(
      fc.property(graphLike, (json) => {
        const parsed = parseGraph(json);
        if (!parsed.ok) {
          expect(parsed.problems.length).toBeGreaterThan(0);
          return;
        }
        const { problems } = validateGraph(parsed.graph, actionCatalog);
        for (const p of problems) expect(typeof p.message).toBe("string");
      }),
      { numRuns: 2_000 },
    );
  });

  it("templates: resolving and checking never throw", () => {
    fc.assert(
      fc.property(
        template,
        fc.jsonValue(),
        fc.dictionary(fc.string(), fc.jsonValue()),
        (text, trigger, steps) => {
          findTemplateErrors(text);
          resolveTemplates({ text, nested: [text, { text }] }, { trigger, steps });
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
