import { z } from "zod";
import { graphInput, isoDate, problemSchema } from "./common";

export const automationParams = z.object({ automationId: z.string().min(1) });

export const createAutomationBody = z.object({
  name: z.string().trim().min(1).max(200),
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

export const automationDetails = z
  .object({
    ...automationFields,
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
