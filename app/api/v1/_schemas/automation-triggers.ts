// Pause, resume, webhook token and sample event of one automation (docs/triggers.md).
import { z } from "zod";
import { isoDate } from "./common";

export const pauseBody = z.object({
  queueWhilePaused: z.boolean().optional().meta({
    description:
      "Queue arriving events until resumed (true) or refuse them (false); unset keeps the setting",
  }),
});

export const pauseState = z
  .object({
    automationId: z.string(),
    status: z.enum(["active", "paused"]),
    pausedReason: z.string().nullable(),
    pausedAt: isoDate.nullable(),
    queueWhilePaused: z.boolean(),
  })
  .meta({ id: "PauseState" });

export const resumed = z.object({
  automationId: z.string(),
  status: z.literal("active"),
  runIds: z
    .array(z.string())
    .meta({ description: "Runs started for the events queued while paused" }),
});

export const webhookToken = z.object({
  automationId: z.string(),
  webhookUrl: z
    .string()
    .meta({ description: "POST events here; the previous URL now answers 404" }),
});

export const sampleEventQuery = z.object({
  since: z.iso
    .datetime()
    .optional()
    .meta({ description: "Only an event received after this time (listening for a test event)" }),
});

export const sampleEvent = z.object({
  event: z
    .object({ kind: z.string(), receivedAt: isoDate, payload: z.unknown() })
    .nullable()
    .meta({ description: "The newest event that reached the trigger; null: none yet" }),
});

export const webhookSecretBody = z.object({
  secret: z
    .string()
    .min(16, "At least 16 characters")
    .max(200, "At most 200 characters")
    .optional()
    .meta({
      description: "Use this secret (one the sender generated); without it a new one is generated",
    }),
});

export const webhookSecret = z.object({
  automationId: z.string(),
  secret: z.string().nullable().meta({
    description: "The signing secret, shown only in this answer; null: removed",
  }),
});

export const webhookEventParams = z.object({
  automationId: z.string().min(1),
  eventId: z.string().min(1),
});

export const webhookEvent = z
  .object({
    eventId: z.string(),
    receivedAt: isoDate,
    status: z.enum(["waiting", "started", "queued"]).meta({
      description:
        "waiting: accepted, its run starts in a moment; started: see runId; queued: the automation is paused and the event waits for resume",
    }),
    runId: z.string().nullable(),
  })
  .meta({ id: "WebhookEvent" });
