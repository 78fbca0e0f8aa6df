// Pause, resume, webhook token and sample event for one automation of the actor's
// workspace. The worker/triggers functions take a bare id; these check the workspace
// first, so another workspace's id is "not found" rather than acted on.
import type { PrismaClient } from "../../../prisma/client";
import { AppError } from "../../../worker/errors";
import { pauseAutomation } from "../../../worker/triggers/pause-automation";
import { resumeAutomation } from "../../../worker/triggers/resume-automation";
import { rotateWebhookToken } from "../../../worker/triggers/rotate-webhook-token";
import { newWebhookSecret, setWebhookSecret } from "../../../worker/triggers/set-webhook-secret";
import { latestSampleEvent, type SampleEvent } from "../../../worker/triggers/sample-event";
import type { Actor } from "../../_lib/actor-type";
import { keyRing } from "../../_lib/key-ring";

async function ownAutomation(prisma: PrismaClient, actor: Actor, automationId: string) {
  const automation = await prisma.automation.findFirst({
    where: { id: automationId, workspaceId: actor.workspaceId },
    select: {
      id: true,
      status: true,
      pausedReason: true,
      pausedAt: true,
      queueWhilePaused: true,
      webhookToken: true,
      webhookSecret: true,
    },
  });
  if (!automation) throw new AppError("not_found", `Automation ${automationId} not found`);
  return automation;
}

/** Status, pause details and webhook token, for the automation page. */
export async function triggerStateForActor(
  prisma: PrismaClient,
  actor: Actor,
  automationId: string,
) {
  const { id, webhookSecret, ...rest } = await ownAutomation(prisma, actor, automationId);
  return { automationId: id, ...rest, hasWebhookSecret: webhookSecret !== null };
}

export type PauseState = Omit<
  Awaited<ReturnType<typeof triggerStateForActor>>,
  "webhookToken" | "hasWebhookSecret"
>;

export async function pauseForActor(
  prisma: PrismaClient,
  actor: Actor,
  automationId: string,
  options: { queueWhilePaused?: boolean },
): Promise<PauseState> {
  await ownAutomation(prisma, actor, automationId);
  const user = await prisma.user.findUnique({
    where: { id: actor.userId },
    select: { name: true, email: true },
  });
  await pauseAutomation(prisma, automationId, {
    reason: `Paused by ${user?.name || user?.email || "a user"}`,
    queueWhilePaused: options.queueWhilePaused,
  });
  const {
    webhookToken: _token,
    hasWebhookSecret: _secret,
    ...state
  } = await triggerStateForActor(prisma, actor, automationId);
  return state;
}

export async function resumeForActor(
  prisma: PrismaClient,
  actor: Actor,
  automationId: string,
): Promise<{ automationId: string; status: "active"; runIds: string[] }> {
  await ownAutomation(prisma, actor, automationId);
  const { runIds } = await resumeAutomation(prisma, automationId);
  return { automationId, status: "active", runIds };
}

/** A new webhook token (the old URL stops at once); returns the path /hooks/<token>. */
export async function rotateWebhookTokenForActor(
  prisma: PrismaClient,
  actor: Actor,
  automationId: string,
): Promise<string> {
  await ownAutomation(prisma, actor, automationId);
  return webhookPath(await rotateWebhookToken(prisma, automationId));
}

/**
 * Sets the webhook's signing secret — `secret` as given (one a sender generated), or a
 * new one — or removes it (null); returns it, shown this once.
 */
export async function setWebhookSecretForActor(
  prisma: PrismaClient,
  actor: Actor,
  automationId: string,
  secret: { value?: string } | null,
): Promise<string | null> {
  await ownAutomation(prisma, actor, automationId);
  const value = secret === null ? null : (secret.value ?? newWebhookSecret());
  return setWebhookSecret(prisma, await keyRing(), automationId, value);
}

export interface WebhookEventState {
  eventId: string;
  receivedAt: Date;
  /** waiting: accepted, its run not started yet; queued: waiting for resume. */
  status: "waiting" | "started" | "queued";
  runId: string | null;
}

/** What became of an accepted webhook (intake answers with its eventId). */
export async function webhookEventForActor(
  prisma: PrismaClient,
  actor: Actor,
  automationId: string,
  eventId: string,
): Promise<WebhookEventState> {
  const event = await prisma.webhookEvent.findFirst({
    where: { id: eventId, automationId, workspaceId: actor.workspaceId },
  });
  if (!event) throw new AppError("not_found", `Event ${eventId} not found`);
  return {
    eventId: event.id,
    receivedAt: event.receivedAt,
    status: event.runId ? "started" : event.handledAt ? "queued" : "waiting",
    runId: event.runId,
  };
}

export function webhookPath(token: string): string {
  return `/hooks/${token}`;
}

export async function sampleEventForActor(
  prisma: PrismaClient,
  actor: Actor,
  automationId: string,
  since?: Date,
): Promise<SampleEvent | null> {
  await ownAutomation(prisma, actor, automationId);
  return latestSampleEvent(prisma, automationId, since);
}
