"use server";

import { revalidatePath } from "next/cache";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { currentActor } from "../../_lib/actor";
import { db } from "../../_lib/db";
import { appErrorMessage } from "../../_lib/http-errors";
import { createApiKey } from "../../_server/api-keys/create-api-key";
import { revokeApiKey } from "../../_server/api-keys/revoke-api-key";

export interface CreateKeyState {
  error?: string;
  /** The new key, shown once: it is not stored and cannot be shown again. */
  created?: { name: string; key: string };
}

const createForm = z.object({ name: z.string().trim().min(1, "Give the key a name").max(100) });

export async function createApiKeyAction(
  _prev: CreateKeyState,
  form: FormData,
): Promise<CreateKeyState> {
  const parsed = createForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message };
  const actor = await currentActor();
  try {
    const created = await createApiKey(db(), actor, parsed.data);
    revalidatePath("/settings/api-keys");
    return { created: { name: created.name, key: created.key } };
  } catch (err) {
    return { error: appErrorMessage(err) };
  }
}

/** Revokes a key of this workspace; any other id (another workspace's) is refused with a message. */
export async function revokeApiKeyAction(form: FormData): Promise<void> {
  const keyId = z.string().min(1).max(100).safeParse(form.get("keyId"));
  if (!keyId.success) notFound();
  const actor = await currentActor();
  try {
    await revokeApiKey(db(), actor, keyId.data);
  } catch (err) {
    redirect(`/settings/api-keys?${new URLSearchParams({ error: appErrorMessage(err) })}`);
  }
  revalidatePath("/settings/api-keys");
}
