// fast-check arbitraries for bad input: graph-shaped values that are often wrong, and
// template strings that are often broken. Shared by the fuzz tests.
import fc from "fast-check";

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
export const graphLike = fc.oneof(
  fc.record({ nodes: fc.array(node, { maxLength: 8 }), edges: fc.array(edge, { maxLength: 12 }) }),
  fc.jsonValue(),
);
export const template = fc.oneof(
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
