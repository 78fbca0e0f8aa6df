import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { actionCatalog } from "../../connectors/registry";
import {
  findTemplateErrors,
  parseGraph,
  resolveTemplates,
  validateGraph,
} from "../../worker/engine";

// Bad input, fuzzed: whatever arrives, the validator and the template engine
// answer with problems (a clear 4xx at the edges), never an exception.
const nodeId = fc.oneof(
  fc.constantFrom("trigger", "a", "b", "c", "d"),
  fc.string({ maxLength: 8 }),
);
const node = fc.record(
  {
    id: nodeId,
    type: fc.oneof(fc.constantFrom("trigger", "action", "approval", "condition"), fc.string()),
    action: fc.oneof(
      fc.constantFrom("http.request", "slack.post_message", "util.pass_data"),
      fc.string(),
    ),
    connection: fc.string({ maxLength: 5 }),
    input: fc.dictionary(
      fc.constantFrom("url", "method", "body", "channel", "text", "data"),
      fc.jsonValue(),
    ),
    condition: fc.record({ left: fc.jsonValue(), operator: fc.string(), right: fc.jsonValue() }),
    retry: fc.record({ maxAttempts: fc.integer(), initialDelayMs: fc.integer() }),
  },
  { requiredKeys: ["id", "type"] },
);
const edge = fc.record({
  from: nodeId,
  to: nodeId,
  kind: fc.oneof(fc.constantFrom("dependent", "independent"), fc.string()),
});
const graphLike = fc.oneof(
  fc.record({ nodes: fc.array(node, { maxLength: 8 }), edges: fc.array(edge, { maxLength: 12 }) }),
  fc.jsonValue(),
);
const template = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "{{",
    "}}",
    "{{ trigger }}",
    "{{ steps. }}",
    "{{ steps.a.b.0 }}",
    "{{trigger.x}}{{",
  ),
  fc.tuple(fc.string(), fc.string()).map(([a, b]) => `${a}{{ ${b} }}`),
);

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
