import { z } from "zod";
import type { PrismaClient } from "../../../prisma/client";
import { AppError } from "../../../worker/errors";
import type { Actor } from "../../_lib/actor-type";
import { reportSettingsBody } from "../../api/v1/_schemas/automations";
import { getAutomation } from "./get-automation";

export type ReportSettingsInput = z.input<typeof reportSettingsBody>;

/**
 * Who receives an automation's failure reports (empty: the run's owner) and its
 * digest window in minutes (0: each report at once); absent fields keep their
 * value. Another workspace's automation is not_found. Returns the automation.
 */
export async function updateReportSettings(
  prisma: PrismaClient,
  actor: Actor,
  automationId: string,
  input: unknown,
) {
  const parsed = reportSettingsBody.safeParse(input);
  if (!parsed.success) {
    throw new AppError("invalid_input", z.prettifyError(parsed.error), parsed.error.issues);
  }
  const { reportRecipients, reportDigestMinutes } = parsed.data;
  const updated = await prisma.automation.updateMany({
    where: { id: automationId, workspaceId: actor.workspaceId },
    data: {
      ...(reportRecipients ? { reportRecipients: distinct(reportRecipients) } : {}),
      ...(reportDigestMinutes !== undefined ? { reportDigestMinutes } : {}),
    },
  });
  if (updated.count === 0) throw new AppError("not_found", `Automation ${automationId} not found`);
  return getAutomation(prisma, actor, automationId);
}

/** Each address once (compared without case), in the order given. */
function distinct(emails: string[]): string[] {
  const seen = new Set<string>();
  return emails.filter((email) => {
    const key = email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
