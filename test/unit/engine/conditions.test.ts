import { describe, expect, it } from "vitest";
import { evaluateCondition } from "../../../worker/engine/conditions";
import type { ConditionSpec } from "../../../worker/engine/types";

const data = {
  trigger: {
    status: "paid",
    amount: "150",
    tags: ["vip", "eu"],
    zero: "0",
    no: "false",
    obj: { a: [1] },
  },
  steps: { score: { value: 7 } },
};

const cases: [string, ConditionSpec, boolean][] = [
  ["equals on strings", { left: "{{ trigger.status }}", operator: "equals", right: "paid" }, true],
  [
    "equals: number equals numeric string",
    { left: "{{ trigger.amount }}", operator: "equals", right: 150 },
    true,
  ],
  ["equals: number vs non-numeric string", { left: 0, operator: "equals", right: "" }, false],
  ["equals is deep", { left: "{{ trigger.obj }}", operator: "equals", right: { a: ["1"] } }, true],
  [
    "equals: different objects",
    { left: "{{ trigger.obj }}", operator: "equals", right: { a: [2] } },
    false,
  ],
  ["not_equals", { left: "{{ trigger.status }}", operator: "not_equals", right: "refunded" }, true],
  [
    "contains on strings",
    { left: "{{ trigger.status }}", operator: "contains", right: "ai" },
    true,
  ],
  ["contains on arrays", { left: "{{ trigger.tags }}", operator: "contains", right: "eu" }, true],
  [
    "contains: missing item",
    { left: "{{ trigger.tags }}", operator: "contains", right: "us" },
    false,
  ],
  ["contains on a non-container", { left: 5, operator: "contains", right: 5 }, false],
  [
    "greater_than with a numeric string",
    { left: "{{ trigger.amount }}", operator: "greater_than", right: 100 },
    true,
  ],
  [
    "greater_than on a step output",
    { left: "{{ steps.score.value }}", operator: "greater_than", right: "7" },
    false,
  ],
  ["less_than", { left: "{{ steps.score.value }}", operator: "less_than", right: 10 }, true],
  [
    "less_than with a non-number is false",
    { left: "{{ trigger.status }}", operator: "less_than", right: 10 },
    false,
  ],
  ["exists", { left: "{{ trigger.status }}", operator: "exists" }, true],
  ["exists on a missing path", { left: "{{ trigger.nope }}", operator: "exists" }, false],
  [
    "R6: exists on a step that did not succeed",
    { left: "{{ steps.gone.value }}", operator: "exists" },
    false,
  ],
  ["not_exists on a missing path", { left: "{{ trigger.nope }}", operator: "not_exists" }, true],
  ["truthy on a non-empty string", { left: "{{ trigger.status }}", operator: "truthy" }, true],
  ['truthy: "0" is false', { left: "{{ trigger.zero }}", operator: "truthy" }, false],
  ['truthy: "false" is false', { left: "{{ trigger.no }}", operator: "truthy" }, false],
  ['truthy: "" is false', { left: "", operator: "truthy" }, false],
  ["truthy: a missing value is false", { left: "{{ trigger.nope }}", operator: "truthy" }, false],
  ["truthy: a number", { left: "{{ steps.score.value }}", operator: "truthy" }, true],
];

describe("evaluateCondition", () => {
  it.each(cases)("R5: %s", (_name, spec, expected) => {
    expect(evaluateCondition(spec, data)).toBe(expected);
  });
});
