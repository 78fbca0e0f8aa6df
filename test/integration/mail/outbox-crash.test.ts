import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureLocalOwner } from "../../../worker/automations/ensure-local-owner";
import { enqueueEmail } from "../../../worker/mail/outbox";
import { UNCERTAIN } from "../../../worker/mail/send-outbox";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { startSmtpCapture, type SmtpCapture } from "../../support/smtp-capture";
import { waitFor } from "../../support/wait-for";
import { spawnWorker } from "../../support/worker-process";

// The outbox's promises, with real worker processes and a real SMTP server:
// a refused hand-off is retried under the same Message-ID until it is accepted,
// and a sender killed between the server's acceptance and the bookkeeping does
// not make the same Message-ID arrive twice.
let db: TestDatabase;
let smtp: SmtpCapture;
let workspaceId: string;

beforeAll(async () => {
  [db, smtp] = await Promise.all([createTestDatabase(), startSmtpCapture()]);
  ({ workspaceId } = await ensureLocalOwner(db.prisma));
});

afterAll(async () => {
  await smtp?.close();
  await db?.drop();
});

const enqueue = (subject: string) =>
  db.prisma.$transaction((tx) =>
    enqueueEmail(
      tx,
      {
        workspaceId,
        kind: "test",
        to: ["someone@example.com"],
        subject,
        text: subject,
        html: `<p>${subject}</p>`,
      },
      new Date(),
    ),
  );

it("a temporary SMTP refusal is retried and the email arrives once, with its stable Message-ID", async () => {
  const worker = await spawnWorker(db.url, { SMTP_URL: smtp.url });
  try {
    smtp.refuseNext(1);
    const row = await enqueue("refused once");
    await waitFor(
      async () =>
        (await db.prisma.outboxEmail.findUniqueOrThrow({ where: { id: row.id } })).status ===
        "sent",
      20_000,
      "email sent after a retry",
    );
    const sent = await db.prisma.outboxEmail.findUniqueOrThrow({ where: { id: row.id } });
    expect([sent.attempts, sent.lastError, smtp.messages.length]).toEqual([2, null, 1]);
    expect(row.messageId).toMatch(/^<[0-9a-f-]{36}@switchyard\.local>$/);
    expect(smtp.messages.filter((m) => m.messageId === row.messageId)).toHaveLength(1);
  } finally {
    await worker.stop();
  }
});

it("a sender killed right after the SMTP server accepted does not send the same Message-ID twice", async () => {
  const killer = await spawnWorker(db.url, {
    SMTP_URL: smtp.url,
    SWITCHYARD_TEST_KILL_AFTER_SMTP_ACCEPT: "1",
  });
  const row = await enqueue("killed after accept");
  await waitFor(() => killer.child.signalCode === "SIGKILL", 15_000, "sender killed itself");
  expect(smtp.messages.filter((m) => m.messageId === row.messageId)).toHaveLength(1);
  const inFlight = await db.prisma.outboxEmail.findUniqueOrThrow({ where: { id: row.id } });
  expect(inFlight.status).toBe("pending");
  expect(inFlight.sentAt).toBeNull();

  // A healthy worker frees the dead one's job (heartbeat sweeper) and retries it:
  // the row is still "in flight", so it is marked uncertain instead of re-sent.
  const healthy = await spawnWorker(db.url, { SMTP_URL: smtp.url });
  try {
    await waitFor(
      async () =>
        (await db.prisma.outboxEmail.findUniqueOrThrow({ where: { id: row.id } })).status !==
        "pending",
      20_000,
      "the retried job settles the row",
    );
    const settled = await db.prisma.outboxEmail.findUniqueOrThrow({ where: { id: row.id } });
    expect(settled.status).toBe("failed");
    expect(settled.lastError).toContain(UNCERTAIN);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(smtp.messages.filter((m) => m.messageId === row.messageId)).toHaveLength(1);
  } finally {
    await healthy.stop();
  }
});
