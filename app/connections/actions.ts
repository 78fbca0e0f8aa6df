"use server";

import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { currentActor } from "../_lib/actor";
import { db } from "../_lib/db";
import { AppError } from "../../worker/errors";
import { appErrorMessage } from "../_lib/http-errors";
import { keyRing } from "../_lib/key-ring";
import { createApiKey } from "../_server/connections/create-api-key";
import { disconnectConnection } from "../_server/connections/disconnect-connection";
import { updateConnectionLimits } from "../_server/connections/update-limits";

const apiKeyForm = z.object({
  connectorId: z.string().min(1),
  label: z.string().trim().max(100).optional(),
  apiKey: z.string().trim().min(1, "The API key is empty"),
});

function back(params: Record<string, string>): never {
  redirect(`/connections?${new URLSearchParams(params)}`);
}

export async function createApiKeyConnectionAction(form: FormData) {
  const parsed = apiKeyForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) back({ error: parsed.error.issues.map((i) => i.message).join("; ") });
  const actor = await currentActor();
  let connectionId: string;
  try {
    connectionId = await createApiKey(db(), await keyRing(), actor, parsed.data);
  } catch (err) {
    back({ error: appErrorMessage(err) });
  }
  back({ connected: connectionId });
}

export async function disconnectConnectionAction(form: FormData) {
  const connectionId = z.string().min(1).max(100).safeParse(form.get("connectionId"));
  if (!connectionId.success) notFound();
  const actor = await currentActor();
  try {
    await disconnectConnection(db(), await keyRing(), actor, connectionId.data);
  } catch (err) {
    back({ error: appErrorMessage(err) });
  }
  back({});
}

/** An empty field is no limit; anything else must be a number (the schema says which). */
function limitField(value: FormDataEntryValue | null): number | null {
  const text = typeof value === "string" ? value.trim() : "";
  return text === "" ? null : Number(text);
}

export async function saveConnectionLimitsAction(form: FormData) {
  const connectionId = z.string().min(1).parse(form.get("connectionId"));
  const rateCount = limitField(form.get("rateCount"));
  const actor = await currentActor();
  try {
    await updateConnectionLimits(db(), actor, connectionId, {
      maxConcurrent: limitField(form.get("maxConcurrent")),
      rateLimit: rateCount === null ? null : { count: rateCount, per: form.get("ratePer") },
    });
  } catch (err) {
    back({ error: limitsErrorMessage(err) });
  }
  back({ limits: connectionId });
}

/** Each refused field's own message ("Calls at once: enter a whole number …"). */
function limitsErrorMessage(err: unknown): string {
  if (err instanceof AppError && err.code === "invalid_input" && Array.isArray(err.details)) {
    return [...new Set((err.details as z.core.$ZodIssue[]).map((i) => i.message))].join("; ");
  }
  return appErrorMessage(err);
}
