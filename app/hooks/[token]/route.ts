import { createWebhookHandler } from "../../../worker/triggers/accept-webhook";
import { db } from "../../_lib/db";

export const dynamic = "force-dynamic";

let handler: ReturnType<typeof createWebhookHandler> | undefined;

/** POST /hooks/<token> — an automation's webhook trigger (worker/triggers/accept-webhook.ts). */
export function POST(request: Request) {
  handler ??= createWebhookHandler({ prisma: db() });
  return handler(request);
}
