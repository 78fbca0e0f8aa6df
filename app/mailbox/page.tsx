import Link from "next/link";
import { listMailbox, mailboxMessage } from "../../worker/mail/mailbox";
import { currentActor } from "../_lib/actor";
import { db } from "../_lib/db";
import { keyRing } from "../_lib/key-ring";
import { EmailPreview } from "./email-preview";

export const dynamic = "force-dynamic";

/**
 * Every email the workspace sent or holds. Without SMTP_URL this is the inbox
 * the product delivers to, so reports and approval links work offline; an email's
 * approval or retry link shows only to the person it was sent to.
 */
export default async function MailboxPage(props: { searchParams: Promise<{ id?: string }> }) {
  const actor = await currentActor();
  const { id } = await props.searchParams;
  const [emails, open] = await Promise.all([
    listMailbox(db(), actor.workspaceId),
    id ? mailboxMessage(db(), await keyRing(), actor, id) : null,
  ]);
  return (
    <section className="space-y-4">
      <h1 className="text-xl font-semibold">Mailbox</h1>
      <p className="text-sm">
        {process.env.SMTP_URL
          ? "Emails are sent over SMTP; this is the log."
          : "No SMTP_URL is set: emails are delivered here."}
      </p>
      {open ? (
        <article data-message-id={open.messageId} className="space-y-2 rounded border p-3">
          <h2 className="font-semibold">{open.subject}</h2>
          <p className="text-sm wrap-anywhere">
            To {open.to.join(", ")} · {open.status}
            {open.sentAt ? ` at ${open.sentAt.toISOString()}` : ""} · Message-ID {open.messageId}
            {open.lastError ? ` · ${open.lastError}` : ""}
          </p>
          {open.linksHidden ? (
            <p className="notice" role="note" data-links-hidden>
              Its links act for whoever holds them and were sent to {open.to.join(", ")} only: they
              are hidden here.
            </p>
          ) : null}
          <EmailPreview html={open.html} />
          <details>
            <summary>Plain text</summary>
            <pre className="whitespace-pre-wrap text-xs">{open.text}</pre>
          </details>
        </article>
      ) : null}
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>Subject</th>
              <th>To</th>
              <th>Status</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {emails.map((e) => (
              <tr key={e.id}>
                <td className="min-w-32 wrap-anywhere">
                  <Link href={`/mailbox?id=${e.id}`}>{e.subject}</Link>
                </td>
                <td>{e.to.join(", ")}</td>
                <td title={e.lastError ?? undefined}>
                  {e.status}
                  {e.status === "pending" && e.sendAfter > new Date()
                    ? ` (digest until ${e.sendAfter.toISOString()})`
                    : ""}
                </td>
                <td>{e.createdAt.toISOString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
