"use server";

import { revalidatePath } from "next/cache";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { currentActor } from "../../../_lib/actor";
import { db } from "../../../_lib/db";
import { appErrorMessage } from "../../../_lib/http-errors";
import {
  pauseForActor,
  resumeForActor,
  rotateWebhookTokenForActor,
  sampleEventForActor,
  setWebhookSecretForActor,
} from "../../../_server/automations/trigger-controls";

/** The form's automation id; anything but a well-formed id is a 404, not a 500. */
function idOf(form: FormData): string {
  const id = z.uuid().safeParse(form.get("automationId"));
  return id.success ? id.data : notFound();
}

/** Runs a page control, then shows the page again (with the error, if any). */
async function control(automationId: string, act: () => Promise<unknown>) {
  try {
    await act();
  } catch (err) {
    redirect(
      `/automations/${automationId}?${new URLSearchParams({ error: appErrorMessage(err) })}`,
    );
  }
  revalidatePath(`/automations/${automationId}`);
}

export async function pauseAction(form: FormData) {
  const id = idOf(form);
  await control(id, async () =>
    pauseForActor(db(), await currentActor(), id, {
      queueWhilePaused: form.get("queueWhilePaused") === "on",
    }),
  );
}

export async function resumeAction(form: FormData) {
  const id = idOf(form);
  await control(id, async () => resumeForActor(db(), await currentActor(), id));
}

export async function rotateWebhookAction(form: FormData) {
  const id = idOf(form);
  await control(id, async () => rotateWebhookTokenForActor(db(), await currentActor(), id));
}

/** For "Listen for a test event": the newest event after `since`, as JSON text. */
export async function sampleEventAction(
  automationId: string,
  since: string,
): Promise<{ receivedAt: string; kind: string; payload: string } | null> {
  const id = z.uuid().safeParse(automationId);
  const after = z.iso.datetime().safeParse(since);
  if (!id.success || !after.success) notFound();
  const event = await sampleEventForActor(
    db(),
    await currentActor(),
    id.data,
    new Date(after.data),
  );
  return (
    event && {
      kind: event.kind,
      receivedAt: event.receivedAt.toISOString(),
      payload: JSON.stringify(event.payload, null, 2),
    }
  );
}

export interface WebhookSecretState {
  error?: string;
  /** Shown once, right after it was set. */
  secret?: string;
  removed?: boolean;
}

/** Generate (no value), set (the sender's own secret) or remove the signing secret. */
export async function webhookSecretAction(
  _previous: WebhookSecretState,
  form: FormData,
): Promise<WebhookSecretState> {
  const id = idOf(form);
  const remove = form.get("intent") === "remove";
  const own = String(form.get("secret") ?? "").trim();
  if (!remove && own !== "" && (own.length < 16 || own.length > 200)) {
    return { error: "Your own secret must be 16 to 200 characters long." };
  }
  try {
    const secret = await setWebhookSecretForActor(
      db(),
      await currentActor(),
      id,
      remove ? null : { value: own || undefined },
    );
    revalidatePath(`/automations/${id}`);
    return secret === null ? { removed: true } : { secret };
  } catch (err) {
    return { error: appErrorMessage(err) };
  }
}
