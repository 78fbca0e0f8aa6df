"use server";

import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { currentActor } from "../_lib/actor";
import { db } from "../_lib/db";
import { appErrorMessage } from "../_lib/http-errors";
import { keyRing } from "../_lib/key-ring";
import { createApiKey } from "../_server/connections/create-api-key";
import { disconnectConnection } from "../_server/connections/disconnect-connection";

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
