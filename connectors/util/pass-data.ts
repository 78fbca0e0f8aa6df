// Shapes data without calling anything: its output is its input, with templates
// resolved, so later steps can read one tidy object (and benchmarks can measure
// orchestration alone).
import { z } from "zod";
import { defineAction } from "../_sdk/define";

const input = z.object({
  data: z
    .unknown()
    .describe("Any value; use {{ }} references to combine the trigger and earlier steps' outputs"),
});

const output = z.object({
  data: z.unknown().describe("The value given, with references resolved"),
});

export const passData = defineAction({
  key: "pass_data",
  displayName: "Pass data",
  description: "Combine values from the trigger and earlier steps into one object.",
  input,
  output,
  async run(_ctx, { data }) {
    return { data: data ?? null };
  },
});
