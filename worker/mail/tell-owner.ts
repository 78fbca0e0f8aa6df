import { render } from "@react-email/render";
import { createElement } from "react";
import type { Prisma } from "../../prisma/client";
import { enqueueEmail } from "./outbox";
import { NoticeEmail } from "./templates/notice";

/** A short notice to an owner: in the app (a notification) and by email, in the caller's transaction. */
export async function tellOwner(
  tx: Prisma.TransactionClient,
  notice: {
    workspaceId: string;
    owner: { id: string; email: string };
    /** automation_paused | worker_group_waiting | ... (the notification's and email's kind) */
    kind: string;
    title: string;
    body: string;
    runId: string;
  },
  now: Date,
): Promise<void> {
  const { workspaceId, owner, kind, title, body, runId } = notice;
  await tx.notification.create({
    data: { workspaceId, userId: owner.id, kind, title, body, runId },
  });
  await enqueueEmail(
    tx,
    {
      workspaceId,
      kind,
      to: [owner.email],
      subject: title,
      text: body,
      html: await render(createElement(NoticeEmail, { title, body })),
      runId,
    },
    now,
  );
}
