"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { currentActor } from "../_lib/actor";
import { db } from "../_lib/db";
import { appErrorMessage } from "../_lib/http-errors";
import { startRunForUi } from "../_server/ui/run-controls";
import { saveVersionForUi } from "../_server/ui/save-version";
import type { SaveResult } from "../_server/ui/types";

const saveInput = z.object({
  automationId: z.string().uuid().nullable(),
  name: z.string().max(200),
  graph: z.unknown(),
});

export async function saveAutomationAction(input: unknown): Promise<SaveResult> {
  const parsed = saveInput.safeParse(input);
  if (!parsed.success) return { ok: false, message: "Bad request", problems: [], warnings: [] };
  try {
    return await saveVersionForUi(db(), await currentActor(), parsed.data);
  } catch (err) {
    return { ok: false, message: appErrorMessage(err), problems: [], warnings: [] };
  }
}

/** Starts a run of the latest version with the payload typed on the automation page. */
export async function startRunAction(form: FormData) {
  const automationId = z.string().uuid().parse(form.get("automationId"));
  const back = (error: string): never =>
    redirect(`/automations/${automationId}?${new URLSearchParams({ error })}`);
  let payload: unknown;
  try {
    payload = JSON.parse(String(form.get("payload") ?? "{}") || "{}");
  } catch {
    back("The sample payload is not valid JSON.");
  }
  let runId = "";
  try {
    ({ runId } = await startRunForUi(db(), await currentActor(), automationId, payload));
  } catch (err) {
    back(appErrorMessage(err));
  }
  // Outside the try: redirect works by throwing, which the catch above must not swallow.
  redirect(`/runs/${runId}`);
}
