import { z } from "zod";
import { graphNodeSchema } from "../../../../worker/engine/graph-schema";
import { graphInput, isoDate, problemSchema } from "./common";

export const automationParams = z.object({ automationId: z.string().min(1) });

/** An automation's name, as the API and the builder take it. */
export const automationName = z.string().trim().min(1, "Give the automation a name.").max(200);

export const createAutomationBody = z.object({
  name: automationName,
  graph: graphInput,
});

export const newVersionBody = z.object({ graph: graphInput });

export const validateGraphBody = z.object({ graph: z.unknown() });

export const savedVersion = z
  .object({
    automationId: z.string(),
    versionId: z.string(),
    number: z.number().int(),
    warnings: z.array(problemSchema),
  })
  .meta({ id: "SavedVersion" });

export const graphValidation = z
  .object({
    valid: z.boolean(),
    problems: z.array(problemSchema),
    warnings: z.array(problemSchema),
  })
  .meta({ id: "GraphValidation" });

const automationFields = {
  id: z.string(),
  name: z.string(),
  status: z.enum(["active", "paused"]),
  createdAt: isoDate,
  updatedAt: isoDate,
};

export const automationSummary = z
  .object({ ...automationFields, latestVersion: z.number().int().nullable() })
  .meta({ id: "AutomationSummary" });

export const automationList = z.object({ automations: z.array(automationSummary) });

/** Who gets failure reports (empty: the run's owner); a digest window merges a burst into one email. */
export const reportRecipients = z
  .array(z.email({ error: (issue) => `"${String(issue.input)}" is not an email address` }), {
    error: "Expected a list of email addresses",
  })
  .max(20, "At most 20 recipients")
  .meta({ description: "Who receives failure reports; empty: the run's owner" });

export const reportDigestMinutes = z
  .number({ error: "Enter a whole number of minutes" })
  .int("Enter a whole number of minutes")
  .min(0, "Use 0 (send at once) or more minutes")
  .max(1440, "At most 1440 minutes (one day)")
  .meta({
    description:
      "Failure reports within this many minutes are merged into one email; 0 sends each at once",
  });

export const reportSettingsBody = z.strictObject({
  reportRecipients: reportRecipients.optional(),
  reportDigestMinutes: reportDigestMinutes.optional(),
});

export const automationDetails = z
  .object({
    ...automationFields,
    reportRecipients: z
      .array(z.string())
      .meta({ description: "Who receives failure reports; empty: the run's owner" }),
    reportDigestMinutes: z.number().int().meta({
      description: "Failure reports within this many minutes are merged into one email (0: none)",
    }),
    versions: z.array(
      z.object({
        id: z.string(),
        number: z.number().int(),
        createdAt: isoDate,
        graph: z.unknown(),
      }),
    ),
  })
  .meta({ id: "Automation" });

export const gateRecord = z
  .object({
    nodeId: z.string(),
    name: z.string().nullable().meta({ description: "The node's name in the latest version" }),
    inLatestVersion: z
      .boolean()
      .meta({ description: "false: the gate was removed by a later version" }),
    approved: z.number().int(),
    rejected: z.number().int(),
    expired: z.number().int(),
    pending: z.number().int(),
    medianWaitMs: z
      .number()
      .nullable()
      .meta({ description: "Median time from request to decision; null: none decided yet" }),
    retireHint: z.boolean().meta({
      description:
        "Approved every time over at least 10 decisions: the gate could be retired to make the automation fully automatic",
    }),
  })
  .meta({ id: "GateRecord" });

export const gateRecordList = z.object({
  gates: z
    .array(gateRecord)
    .meta({ description: "One record per approval gate that has been reached; empty: none yet" }),
});

/** Where a tested step's templates get their data. */
const testStepSource = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("sample"),
    /** The trigger payload to test with (the automation's sample payload in the builder). */
    payload: z.unknown().default({}),
    /** Outputs of earlier steps, by node id (e.g. what testing them returned). */
    steps: z.record(z.string(), z.unknown()).default({}),
    /** For a step inside a for-each: the item its templates read as {{ item.… }}. */
    item: z.unknown().optional(),
  }),
  z.object({
    kind: z.literal("run"),
    /** An earlier run of the workspace: its trigger payload and its steps' outputs. */
    runId: z.string().min(1),
    /**
     * For a step inside a for-each: that for-each's id (default: the one holding the step
     * in the run's version). The step reads that run's first failed item, else its first,
     * with the outputs that item's steps had.
     */
    forEachId: z.string().min(1).optional(),
  }),
]);

/** The run's item a step inside a for-each was tested with. */
const testedItem = z.object({
  forEachId: z.string(),
  index: z.number().int().meta({ description: "The item's position in the list, from 0" }),
  state: z.string().meta({ description: "How the item ended in that run" }),
  value: z.unknown().meta({ description: "The item (secrets redacted)" }),
});

export const testStepBody = z.object({
  node: graphNodeSchema,
  source: testStepSource.default({ kind: "sample", payload: {}, steps: {} }),
});

export const testStepResult = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    output: z.unknown(),
    durationMs: z.number(),
    /** Steps the input refers to that the chosen data has no output for. */
    missingSteps: z.array(z.string()),
    /** Tested with a run inside a for-each: the item used; null when the run had none. */
    item: testedItem.nullable().optional(),
  }),
  z.object({
    ok: z.literal(false),
    errorClass: z.string(),
    message: z.string(),
    httpStatus: z.number().int().nullable(),
    durationMs: z.number(),
    missingSteps: z.array(z.string()),
    item: testedItem.nullable().optional(),
  }),
]);
