"use server";

import { redirect } from "next/navigation";
import { decideApproval } from "../../../../worker/approvals/decide-approval";
import { appErrorMessage } from "../../../_lib/http-errors";
import { db } from "../../../_lib/db";

/** The only way a link decides: a POST from the confirmation page (never a GET). */
export async function decideByToken(token: string, form: FormData) {
  const decision = form.get("decision") === "approve" ? "approve" : "reject";
  const comment = String(form.get("comment") ?? "");
  let error: string | null = null;
  try {
    await decideApproval(db(), { token, decision, comment, now: new Date() });
  } catch (err) {
    error = appErrorMessage(err);
  }
  redirect(
    `/approvals/t/${encodeURIComponent(token)}${error ? `?error=${encodeURIComponent(error)}` : ""}`,
  );
}
