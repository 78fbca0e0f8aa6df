import { describe, expect, it } from "vitest";
import { MAX_NESTING_DEPTH } from "../../../prisma/storable";
import { resolveTemplates } from "../../../worker/engine/templates";
import { parseWebhookBody } from "../../../worker/triggers/webhook-body";

const form = (text: string) =>
  parseWebhookBody(Buffer.from(text), "application/x-www-form-urlencoded");
const json = (text: string) => parseWebhookBody(Buffer.from(text), "application/json");

/** The payload as it is stored (JSON text) and read back. */
function stored(result: ReturnType<typeof parseWebhookBody>): unknown {
  if (!result.ok) throw new Error(result.message);
  return JSON.parse(JSON.stringify(result.payload));
}

describe("webhook payloads keep every field name as sent", () => {
  it("form fields named like Object.prototype's members are plain fields", () => {
    const names = ["constructor", "toString", "hasOwnProperty", "valueOf", "__proto__"];
    const payload = stored(form(names.map((name) => `${name}=${name}-value`).join("&")));
    expect(payload).toEqual(Object.fromEntries(names.map((name) => [name, `${name}-value`])));
    expect(Object.keys(payload as object)).toEqual(names);
  });

  it("a repeated form field becomes an array, whatever its name", () => {
    expect(stored(form("constructor=a&constructor=b&__proto__=c&__proto__=d"))).toEqual(
      JSON.parse('{"constructor":["a","b"],"__proto__":["c","d"]}'),
    );
  });

  it("a JSON '__proto__' field is kept as an own field, and Object.prototype is untouched", () => {
    const payload = stored(json('{"__proto__":{"polluted":true},"a":1}')) as Record<
      string,
      unknown
    >;
    expect(Object.keys(payload)).toEqual(["__proto__", "a"]);
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("templates read those fields as sent and never reach Object.prototype", () => {
    const trigger = stored(json('{"__proto__":{"x":1},"constructor":"c"}'));
    expect(
      resolveTemplates(
        { p: "{{ trigger.__proto__.x }}", c: "{{ trigger.constructor }}" },
        { trigger, steps: {} },
      ),
    ).toEqual({ p: 1, c: "c" });
    // Absent fields are null, not the inherited members.
    expect(
      resolveTemplates(
        {
          c: "{{ trigger.constructor }}",
          t: "{{ trigger.toString }}",
          p: "{{ trigger.__proto__ }}",
        },
        { trigger: { a: 1 }, steps: {} },
      ),
    ).toEqual({ c: null, t: null, p: null });
  });

  it("refuses a payload nested deeper than the limit with 400, naming it", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const result = json(deep);
    expect(result).toMatchObject({ ok: false, status: 400, code: "nesting_too_deep" });
    expect(!result.ok && result.message).toContain(String(MAX_NESTING_DEPTH));
  });
});
