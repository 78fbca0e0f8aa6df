"use server";

import { z } from "zod";
import { currentActor } from "../../_lib/actor";
import { db } from "../../_lib/db";
import { appErrorMessage } from "../../_lib/http-errors";
import { cancelRun } from "../../_server/runs/cancel-run";
import { retryRun } from "../../_server/runs/retry-run";

export type ControlResult = { ok: true; message: string } | { ok: false; message: string };

const runId = z.uuid();
const NO_SUCH_RUN: ControlResult = { ok: false, message: "This run does not exist." };

export async function retryFailedPartAction(id: string): Promise<ControlResult> {
  const parsed = runId.safeParse(id);
  if (!parsed.success) return NO_SUCH_RUN;
  try {
    const { generation, reset } = await retryRun(db(), await currentActor(), parsed.data);
    return {
      ok: true,
      message: `Generation ${generation} started: ${stepCount(reset.length)} run again.`,
    };
  } catch (err) {
    return { ok: false, message: appErrorMessage(err) };
  }
}

export async function retryOnLatestVersionAction(id: string): Promise<ControlResult> {
  const parsed = runId.safeParse(id);
  if (!parsed.success) return NO_SUCH_RUN;
  try {
    const started = await retryRun(db(), await currentActor(), parsed.data, "latest");
    return {
      ok: true,
      message: `Generation ${started.generation} started on version ${started.versionNumber}: ${stepCount(started.reset.length)} run again.`,
    };
  } catch (err) {
    return { ok: false, message: appErrorMessage(err) };
  }
}

function stepCount(n: number): string {
  return n === 1 ? "1 step" : `${n} steps`;
}

export async function cancelRunAction(id: string): Promise<ControlResult> {
  const parsed = runId.safeParse(id);
  if (!parsed.success) return NO_SUCH_RUN;
  try {
    const { cancelledNodes } = await cancelRun(db(), await currentActor(), parsed.data);
    return { ok: true, message: `Cancelled (${cancelledNodes.length} node(s) stopped).` };
  } catch (err) {
    return { ok: false, message: appErrorMessage(err) };
  }
}
