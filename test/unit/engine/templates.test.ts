import { describe, expect, it } from "vitest";
import {
  containsTemplate,
  findReferences,
  findTemplateErrors,
  renderText,
  resolveTemplates,
} from "../../../worker/engine/templates";

const data = {
  trigger: { user: { name: "Ada", tags: ["x", "y"] }, amount: 42, empty: null },
  steps: { fetch: { items: [{ id: 7, ok: true }], body: { a: 1 } }, flag: false },
};

describe("findReferences", () => {
  it("R6: finds trigger and step references in nested objects, arrays and strings", () => {
    const refs = findReferences({
      url: "https://x.test/{{trigger.user.name}}?id={{ steps.fetch.items.0.id }}",
      list: ["{{   steps.flag   }}", 3, null],
      nested: { whole: "{{ trigger }}" },
    });
    expect(refs).toEqual([
      { source: "trigger", path: ["user", "name"], raw: "{{trigger.user.name}}" },
      {
        source: "step",
        nodeId: "fetch",
        path: ["items", "0", "id"],
        raw: "{{ steps.fetch.items.0.id }}",
      },
      { source: "step", nodeId: "flag", path: [], raw: "{{   steps.flag   }}" },
      { source: "trigger", path: [], raw: "{{ trigger }}" },
    ]);
  });

  it.each([
    { text: "{{ foo }}", error: /start with "trigger", "steps.<nodeId>"/ },
    { text: "{{ steps }}", error: /start with "trigger", "steps.<nodeId>"/ },
    { text: "hello {{ }}", error: /empty/ },
    { text: "{{ trigger..a }}", error: /dot path/ },
    { text: "{{ trigger.a b }}", error: /dot path/ },
    { text: "a {{ trigger.a", error: /unclosed template "\{\{ trigger.a"/ },
    { text: "{{ {{ trigger.a }}", error: /dot path/ },
  ])("R6: reports the malformed template in $text", ({ text, error }) => {
    expect(findTemplateErrors({ field: [text] })).toEqual([expect.stringMatching(error)]);
    expect(findReferences(text)).toEqual([]);
  });

  it.each([
    { text: "{{ trigger.a }}", expected: true },
    { text: "x {{steps.a}} y", expected: true },
    { text: "{{ foo }}", expected: true },
    { text: "no template", expected: false },
    { text: "a } and { b", expected: false },
  ])("containsTemplate($text) is $expected", ({ text, expected }) => {
    expect(containsTemplate(text)).toBe(expected);
  });
});

describe("resolveTemplates", () => {
  it.each([
    { name: "a whole-string template keeps a number", value: "{{ trigger.amount }}", expected: 42 },
    {
      name: "a whole-string template keeps an object",
      value: "{{steps.fetch.body}}",
      expected: { a: 1 },
    },
    { name: "a whole-string template keeps false", value: " {{ steps.flag }} ", expected: false },
    {
      name: "numeric segments index arrays",
      value: "{{ steps.fetch.items.0.ok }}",
      expected: true,
    },
    {
      name: "embedded templates are stringified",
      value: "n={{trigger.amount}} b={{ steps.fetch.body }}",
      expected: 'n=42 b={"a":1}',
    },
    { name: "embedded null is empty", value: "[{{ trigger.empty }}]", expected: "[]" },
    { name: "a missing path is null", value: "{{ trigger.user.age }}", expected: null },
    { name: "an index past the end is null", value: "{{ trigger.user.tags.5 }}", expected: null },
    {
      name: "inherited properties are not read",
      value: "{{ trigger.user.constructor }}",
      expected: null,
    },
    {
      name: "R6: a step absent from steps (did not succeed) is null",
      value: "{{ steps.other.x }}",
      expected: null,
    },
    {
      name: "R6: embedded, a step that did not succeed reads as empty",
      value: "id:{{ steps.other.x }}",
      expected: "id:",
    },
    { name: "text without templates is unchanged", value: "plain", expected: "plain" },
    { name: "non-strings are unchanged", value: 5, expected: 5 },
  ])("$name", ({ value, expected }) => {
    expect(resolveTemplates(value, data)).toEqual(expected);
  });

  it("resolves throughout objects and arrays without changing the input", () => {
    const input = {
      to: ["{{ trigger.user.name }}"],
      n: { count: "{{ trigger.amount }}" },
      keep: 1,
    };
    expect(resolveTemplates(input, data)).toEqual({ to: ["Ada"], n: { count: 42 }, keep: 1 });
    expect(input.n.count).toBe("{{ trigger.amount }}");
  });
});

describe("renderText", () => {
  const data = { trigger: { orderId: "A-17", total: 250, items: [1, 2] }, steps: {} };

  it("fills templates into text people read, every value as text (an approval's message)", () => {
    expect(renderText("Big order {{ trigger.orderId }}", data)).toBe("Big order A-17");
    expect(renderText("{{ trigger.total }}", data)).toBe("250");
    expect(renderText("{{ trigger.items }}", data)).toBe("[1,2]");
    expect(renderText("{{ steps.missing.x }}", data)).toBe("");
    expect(renderText("No templates", data)).toBe("No templates");
  });
});
