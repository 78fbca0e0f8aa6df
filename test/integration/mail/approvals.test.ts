import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideApproval } from "../../../worker/approvals/decide-approval";
import { expireDueApprovals } from "../../../worker/approvals/expire-approvals";
import { gateStats } from "../../../worker/approvals/gate-stats";
import { ensureLocalOwner } from "../../../worker/automations/ensure-local-owner";
import type { GraphNode } from "../../../worker/engine/types";
import { startFakeApi, type FakeApi } from "../../fakes/fake-api";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { graph, httpNode } from "../../support/graphs";
import { startGraphRun, waitForNodeState, waitForRow, waitForRunEnd } from "../../support/runs";
import { waitFor } from "../../support/wait-for";
import { spawnWorker, type WorkerProcess } from "../../support/worker-process";
import { asDelivered } from "../../support/outbox";

// R9 through the real path: a worker process reaches the gate, the request,
// links and emails commit with it; decisions come from the API/inbox path,
// a link, or expiry under an injected clock. No SMTP_URL: emails are kept in
// the local mailbox (OutboxEmail rows marked sent), where the links are read.
let db: TestDatabase;
let api: FakeApi;
let worker: WorkerProcess;
let owner: { userId: string; workspaceId: string };
const ME = "local@switchyard.localhost";

beforeAll(async () => {
  [db, api] = await Promise.all([createTestDatabase(), startFakeApi()]);
  worker = await spawnWorker(db.url);
  owner = await ensureLocalOwner(db.prisma);
});

afterAll(async () => {
  await worker?.stop();
  await api?.close();
  await db?.drop();
});

function gated(approval: GraphNode["approval"]) {
  return graph(
    [
      { id: "gate", type: "approval", name: "Approve shipping", approval },
      httpNode("ship", `${api.url}/echo`, {
        name: "Ship the order",
        input: {
          method: "POST",
          url: `${api.url}/echo`,
          headers: { Authorization: "Bearer secret-xyz" },
          body: { order: "{{ trigger.order }}", amount: "{{ trigger.amount }}" },
        },
      }),
      httpNode("notify_ship", `${api.url}/echo`, { name: "Tell the customer" }),
      httpNode("log", `${api.url}/echo`, { name: "Write the log" }),
      httpNode("sibling", `${api.url}/slow/300`, { name: "Slow sibling" }),
    ],
    [
      ["trigger", "gate"],
      ["gate", "ship"],
      ["ship", "notify_ship"],
      ["gate", "log", "independent"],
      ["trigger", "sibling"],
    ],
  );
}

async function startGated(approval: GraphNode["approval"]) {
  const runId = await startGraphRun(db.prisma, gated(approval), { order: "A-17", amount: 1200 });
  await waitForNodeState(db.prisma, runId, "gate", ["waiting_approval"]);
  // The approval_gate_reached job writes the request just after the gate starts waiting.
  const request = await waitForRow(
    () => db.prisma.approvalRequest.findFirst({ where: { runId } }),
    "approval request",
  );
  return { runId, request };
}

/** The approval emails of a run, once the sender has "delivered" them to the local mailbox. */
async function mailbox(runId: string) {
  const where = { runId, kind: "approval_request" };
  await waitFor(
    async () => (await db.prisma.outboxEmail.findMany({ where })).every((e) => e.status === "sent"),
    10_000,
    "approval emails delivered",
  );
  return (await db.prisma.outboxEmail.findMany({ where })).map((e) => asDelivered(e));
}

const tokenIn = (text: string) => /\/approvals\/t\/([\w-]+)/.exec(text)![1]!;

describe("approval gates (R9)", () => {
  it("reject from the API path: dependent actions skipped with the gate as root cause, independent ones run; a second decision is refused", async () => {
    const { runId, request } = await startGated({
      approvers: [ME, "boss@example.com"],
      message: "Ship order A-17?",
    });
    // R4: the sibling branch does not wait for the gate.
    await waitForNodeState(db.prisma, runId, "sibling", ["succeeded"]);
    expect(request.approvers).toEqual([ME, "boss@example.com"]);
    expect(await db.prisma.approvalToken.count({ where: { requestId: request.id } })).toBe(2);

    const emails = await mailbox(runId);
    expect(emails.map((e) => e.to[0]).sort()).toEqual(["boss@example.com", ME]);
    const text = emails[0]!.text;
    expect(text).toContain("Ship order A-17?");
    // The preview: exactly what the held actions will send, rendered, secrets redacted.
    expect(text).toContain("- Ship the order (http.request)");
    expect(text).toContain('"order":"A-17","amount":1200');
    expect(text).toContain('"Authorization":"[redacted]"');
    expect(text).not.toContain("secret-xyz");
    expect(text).toContain("- Tell the customer (http.request)");
    expect(text).not.toContain("- Write the log (");

    await decideApproval(db.prisma, {
      requestId: request.id,
      actor: { workspaceId: owner.workspaceId, email: ME },
      channel: "api",
      decision: "reject",
      comment: "Too big",
      now: new Date(),
    });
    const run = await waitForRunEnd(db.prisma, runId);
    expect(run.node("gate").state).toBe("rejected");
    expect(run.node("ship")).toMatchObject({ state: "skipped", rootCause: ["gate"] });
    expect(run.node("notify_ship")).toMatchObject({ state: "skipped", rootCause: ["gate"] });
    expect(run.node("log").state).toBe("succeeded");
    // R11: a rejection is a decision, not a failure.
    expect(run.status).toBe("succeeded");
    const decided = await db.prisma.approvalRequest.findUniqueOrThrow({
      where: { id: request.id },
    });
    expect(decided).toMatchObject({
      status: "rejected",
      decidedBy: ME,
      comment: "Too big",
      channel: "api",
    });

    await expect(
      decideApproval(db.prisma, {
        token: tokenIn(emails[0]!.text),
        decision: "approve",
        now: new Date(),
      }),
    ).rejects.toThrow(new RegExp(`already rejected by ${ME} at`));
    // The rejection is listed in a report.
    await waitFor(
      async () =>
        (await db.prisma.outboxEmail.count({ where: { runId, kind: "run_report" } })) === 1,
      5_000,
      "rejection report",
    );
    const report = await db.prisma.outboxEmail.findFirstOrThrow({
      where: { runId, kind: "run_report" },
    });
    expect(report.text).toContain(
      "Approve shipping rejected; skipped: Ship the order and Tell the customer",
    );
  });

  it("approve with the emailed link: the held action runs; the link is single-use, bound to its approver; forged links are refused", async () => {
    const { runId } = await startGated({ approvers: ["boss@example.com", "cfo@example.com"] });
    const emails = await mailbox(runId);
    const bossToken = tokenIn(emails.find((e) => e.to[0] === "boss@example.com")!.text);
    const cfoToken = tokenIn(emails.find((e) => e.to[0] === "cfo@example.com")!.text);

    await expect(
      decideApproval(db.prisma, { token: `${bossToken}x`, decision: "approve", now: new Date() }),
    ).rejects.toThrow("This approval link is not valid.");
    await decideApproval(db.prisma, {
      token: bossToken,
      decision: "approve",
      comment: "ok",
      now: new Date(),
    });
    const run = await waitForRunEnd(db.prisma, runId);
    expect(run.status).toBe("succeeded");
    expect(run.node("ship").state).toBe("succeeded");
    expect(run.node("notify_ship").state).toBe("succeeded");
    const request = await db.prisma.approvalRequest.findFirstOrThrow({ where: { runId } });
    expect(request).toMatchObject({
      status: "approved",
      decidedBy: "boss@example.com",
      channel: "email",
    });

    await expect(
      decideApproval(db.prisma, { token: bossToken, decision: "reject", now: new Date() }),
    ).rejects.toThrow(/already used at/);
    await expect(
      decideApproval(db.prisma, { token: cfoToken, decision: "reject", now: new Date() }),
    ).rejects.toThrow(/already approved by boss@example.com at/);
  });

  it("the run's owner may not approve when the gate says so", async () => {
    const { request } = await startGated({ approvers: [ME], requesterMayNotApprove: true });
    await expect(
      decideApproval(db.prisma, {
        requestId: request.id,
        actor: { workspaceId: owner.workspaceId, email: ME },
        channel: "inbox",
        decision: "approve",
        now: new Date(),
      }),
    ).rejects.toThrow("may not approve");
  });

  it("expiry under a controllable clock rejects by default; the gate record counts it", async () => {
    const { runId, request } = await startGated({
      approvers: ["boss@example.com"],
      expiresInHours: 1,
    });
    const emails = await mailbox(runId);
    expect(await expireDueApprovals(db.prisma, new Date())).toBe(0);
    const later = new Date(request.expiresAt.getTime() + 60_000);
    expect(await expireDueApprovals(db.prisma, later)).toBeGreaterThanOrEqual(1);
    const run = await waitForRunEnd(db.prisma, runId);
    expect(run.node("gate").state).toBe("rejected");
    expect(run.node("ship")).toMatchObject({ state: "skipped", rootCause: ["gate"] });
    expect(run.node("log").state).toBe("succeeded");
    const expired = await db.prisma.approvalRequest.findUniqueOrThrow({
      where: { id: request.id },
    });
    expect(expired).toMatchObject({ status: "expired", decidedBy: "expiry", channel: "expiry" });
    await expect(
      decideApproval(db.prisma, {
        token: tokenIn(emails[0]!.text),
        decision: "approve",
        now: later,
      }),
    ).rejects.toThrow(/expired at/);

    const { automationId } = await db.prisma.run.findUniqueOrThrow({ where: { id: runId } });
    const [stats] = await gateStats(db.prisma, owner.workspaceId, automationId);
    expect(stats).toMatchObject({ nodeId: "gate", expired: 1, approved: 0, rejected: 0 });
    expect(stats!.medianWaitMs).toBeGreaterThan(3_600_000);
  });
});
