"use server";

import { redirect } from "next/navigation";
import { approvalsOfRun } from "../../worker/approvals/approval-view";
import { decideApproval } from "../../worker/approvals/decide-approval";
import { decisionWords } from "../../worker/names";
import { currentActor } from "../_lib/actor";
import { db } from "../_lib/db";
import { appErrorMessage } from "../_lib/http-errors";

/** A signed-in approver decides from the inbox; the request must name their email. */
export async function decideFromInbox(requestId: string, form: FormData) {
  const actor = await currentActor();
  const user = await db().user.findUniqueOrThrow({ where: { id: actor.userId } });
  let message: string;
  try {
    const decided = await decideApproval(db(), {
      requestId,
      actor: { workspaceId: actor.workspaceId, email: user.email },
      channel: "inbox",
      decision: form.get("decision") === "approve" ? "approve" : "reject",
      comment: String(form.get("comment") ?? ""),
      now: new Date(),
    });
    const gate = (await approvalsOfRun(db(), decided.runId)).find((r) => r.id === decided.id);
    message = `${gate?.gateName ?? "The request"}: ${decisionWords(decided.status)}.`;
  } catch (err) {
    message = appErrorMessage(err);
  }
  redirect(`/approvals?message=${encodeURIComponent(message)}`);
}
