import { z } from "zod";

// An accepted webhook's run is started by this job (worker/tasks/start-webhook-run.ts),
// enqueued by intake in the same statement that stores the event (intake/store-event.ts).
export const START_WEBHOOK_RUN_TASK = "start_webhook_run";

export const startWebhookRunPayloadSchema = z.object({ eventId: z.string().min(1) });
export type StartWebhookRunPayload = z.infer<typeof startWebhookRunPayloadSchema>;
