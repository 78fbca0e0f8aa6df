"use server";

import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { currentActor } from "../_lib/actor";
import { db } from "../_lib/db";
import { appErrorMessage } from "../_lib/http-errors";
import { assertStorable } from "../_lib/request-body";
import { startRunForUi } from "../_server/ui/run-controls";
import { saveVersionForUi } from "../_server/ui/save-version";
import { testStepForUi } from "../_server/ui/test-step-view";
import type { SaveResult, TestStepView } from "../_server/ui/types";
import { testStepBody } from "../api/v1/_schemas/automations";
import { MAX_TIMEOUT_MS } from "../../worker/engine/graph-schema";

const saveInput = z.object({
  automationId: z.string().uuid().nullable(),
  // Checked by saveVersionForUi, so a bad name is a field error rather than "Bad request".
  name: z.string(),
  graph: z.unknown(),
  /** The sample trigger payload as typed (parsed JSON); kept on the automation. */
  sample: z.unknown().optional(),
});

export async function saveAutomationAction(input: unknown): Promise<SaveResult> {
  const parsed = saveInput.safeParse(input);
  if (!parsed.success) return { ok: false, message: "Bad request", problems: [], warnings: [] };
  try {
    assertStorable(parsed.data);
    return await saveVersionForUi(db(), await currentActor(), parsed.data);
  } catch (err) {
    return { ok: false, message: appErrorMessage(err), problems: [], warnings: [] };
  }
}

/**
 * "Test step": one action run now against the real service, with the sample payload
 * or a run's data; nothing is recorded. Bounded by the longest step timeout a node may set.
 */
export async function testStepAction(input: unknown): Promise<TestStepView> {
  const parsed = testStepBody.safeParse(input);
  const notTested = (detail: string): TestStepView => ({
    ok: false,
    headline: "Not tested",
    detail,
    missingSteps: [],
  });
  if (!parsed.success) return notTested("Fix this step's fields first, then test it again.");
  try {
    assertStorable(parsed.data);
    const signal = AbortSignal.timeout(MAX_TIMEOUT_MS + 5_000);
    return await testStepForUi(db(), await currentActor(), parsed.data, signal);
  } catch (err) {
    return notTested(appErrorMessage(err));
  }
}

/** Starts a run of the latest version with the payload typed on the automation page. */
export async function startRunAction(form: FormData) {
  const id = z.uuid().safeParse(form.get("automationId"));
  if (!id.success) notFound();
  const automationId = id.data;
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
    assertStorable(payload);
    ({ runId } = await startRunForUi(db(), await currentActor(), automationId, payload));
  } catch (err) {
    back(appErrorMessage(err));
  }
  // Outside the try: redirect works by throwing, which the catch above must not swallow.
  redirect(`/runs/${runId}`);
}
