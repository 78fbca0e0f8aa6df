"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AppError } from "../../../../worker/errors";
import { currentActor } from "../../../_lib/actor";
import { db } from "../../../_lib/db";
import { appErrorMessage } from "../../../_lib/http-errors";
import { updateReportSettings } from "../../../_server/automations/update-report-settings";
import { reportSettingsBody } from "../../../api/v1/_schemas/automations";

export interface ReportSettingsState {
  /** What the fields show: the saved values, or what was typed when it was refused. */
  values: { recipients: string; digestMinutes: string };
  fieldErrors?: { reportRecipients?: string[]; reportDigestMinutes?: string[] };
  error?: string;
  /** Set when saved (ISO time), for the confirmation. */
  savedAt?: string;
  saved?: { reportRecipients: string[]; reportDigestMinutes: number };
}

const automationId = z.uuid();

/** Saves who gets failure reports and the digest window, from the automation page's form. */
export async function saveReportSettingsAction(
  _prev: ReportSettingsState,
  form: FormData,
): Promise<ReportSettingsState> {
  const values = {
    recipients: String(form.get("reportRecipients") ?? ""),
    digestMinutes: String(form.get("reportDigestMinutes") ?? ""),
  };
  const id = automationId.safeParse(form.get("automationId"));
  if (!id.success) return { values, error: "Unknown automation." };
  const minutes = values.digestMinutes.trim();
  const parsed = reportSettingsBody.safeParse({
    // Comma- or newline-separated addresses; blanks between separators are ignored.
    reportRecipients: values.recipients
      .split(/[,\n]/)
      .map((s) => s.trim())
      .filter(Boolean),
    reportDigestMinutes: minutes === "" ? 0 : Number(minutes),
  });
  if (!parsed.success) return { values, fieldErrors: fieldErrorsOf(parsed.error.issues) };
  const actor = await currentActor();
  try {
    const saved = await updateReportSettings(db(), actor, id.data, parsed.data);
    revalidatePath(`/automations/${id.data}`);
    return {
      values: {
        recipients: saved.reportRecipients.join("\n"),
        digestMinutes: String(saved.reportDigestMinutes),
      },
      savedAt: new Date().toISOString(),
      saved: {
        reportRecipients: saved.reportRecipients,
        reportDigestMinutes: saved.reportDigestMinutes,
      },
    };
  } catch (err) {
    if (err instanceof AppError && err.code === "invalid_input" && Array.isArray(err.details)) {
      return { values, fieldErrors: fieldErrorsOf(err.details as z.core.$ZodIssue[]) };
    }
    return { values, error: appErrorMessage(err) };
  }
}

function fieldErrorsOf(issues: z.core.$ZodIssue[]): ReportSettingsState["fieldErrors"] {
  const errors: NonNullable<ReportSettingsState["fieldErrors"]> = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (field !== "reportRecipients" && field !== "reportDigestMinutes") continue;
    (errors[field] ??= []).push(issue.message);
  }
  return errors;
}
