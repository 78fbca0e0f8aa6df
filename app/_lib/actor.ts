import { ensureLocalOwner } from "../../worker/automations/ensure-local-owner";
import { db } from "./db";

export interface Actor {
  userId: string;
  workspaceId: string;
}

/**
 * Who is acting. Until accounts exist, the app acts as the local operator
 * (the same owner the command line uses); every server function already takes
 * the actor's workspace, so sign-in only has to replace this function.
 */
export async function currentActor(): Promise<Actor> {
  return ensureLocalOwner(db());
}
