"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { currentActor } from "../../../_lib/actor";
import { db } from "../../../_lib/db";
import { appErrorMessage } from "../../../_lib/http-errors";
import {
  pauseForActor,
  resumeForActor,
  rotateWebhookTokenForActor,
  sampleEventForActor,
} from "../../../_server/automations/trigger-controls";

const idOf = (form: FormData) => z.string().uuid().parse(form.get("automationId"));

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
  const event = await sampleEventForActor(
    db(),
    await currentActor(),
    z.string().uuid().parse(automationId),
    new Date(z.iso.datetime().parse(since)),
  );
  return (
    event && {
      kind: event.kind,
      receivedAt: event.receivedAt.toISOString(),
      payload: JSON.stringify(event.payload, null, 2),
    }
  );
}
