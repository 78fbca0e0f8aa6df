import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { waitForRow } from "../../support/runs";
import { alice } from "./api-world";
import type { ApiWorld } from "./api-world";

// An automation's settings through the REST API: pause and resume, webhook URL and signing
// secret, report settings and gate records, connection limits.

export function automationSettingsTests(w: ApiWorld): void {
  const { api, expectStatus, operation, ids } = w;
  describe("automation settings", () => {
    it("pauses (start run refused), resumes, rotates the webhook URL and shows the sample event", async () => {
      const automationId = ids.automationId!;
      const paused = await operation(
        "pauseAutomation",
        { automationId },
        { queueWhilePaused: true },
      );
      expectStatus(paused, 200, "pause");
      expect(paused.json).toMatchObject({ status: "paused", queueWhilePaused: true });
      expect((paused.json as { pausedReason: string }).pausedReason).toContain(alice.name);
      const refused = await operation("startRun", { automationId }, { payload: {} });
      expectStatus(refused, 409, "start run while paused");
      expect(refused.json).toMatchObject({ error: { code: "conflict" } });
      const resumed = await operation("resumeAutomation", { automationId });
      expectStatus(resumed, 200, "resume");
      expect(resumed.json).toEqual({ automationId, status: "active", runIds: [] });

      const rotate = async () => {
        const result = await operation("rotateWebhookToken", { automationId });
        expectStatus(result, 200, "rotate");
        return (result.json as { webhookUrl: string }).webhookUrl;
      };
      const first = await rotate();
      expect(first).toMatch(/^https?:\/\/[^/]+\/hooks\/[A-Za-z0-9_-]{32}$/);
      expect(await rotate()).not.toBe(first);

      const sample = await operation("getSampleEvent", { automationId });
      expectStatus(sample, 200, "sample event");
      expect(sample.json).toMatchObject({ event: { kind: "api", payload: { order: 1 } } });
      const none = await api(
        w.aliceKey,
        "GET",
        `/automations/${automationId}/sample-event?since=${new Date().toISOString()}`,
      );
      expect(none.json).toEqual({ event: null });
    }, 60_000);

    it("sets a webhook signing secret (shown once), takes a signed event on the public origin and tells its run", async () => {
      const graph = {
        nodes: [
          {
            id: "trigger",
            type: "trigger",
            trigger: { kind: "webhook", webhook: { signature: { scheme: "github" } } },
          },
          {
            id: "copy",
            type: "action",
            action: "util.pass_data",
            input: { data: "{{trigger.n}}" },
          },
        ],
        edges: [{ from: "trigger", to: "copy", kind: "dependent" }],
      };
      const created = await operation("createAutomation", {}, { name: "Signed hook", graph });
      expectStatus(created, 201, "create webhook automation");
      const { automationId } = created.json as { automationId: string };
      const { webhookUrl } = (await operation("rotateWebhookToken", { automationId })).json as {
        webhookUrl: string;
      };
      const set = await operation("setWebhookSecret", { automationId }, {});
      expectStatus(set, 200, "set secret");
      const { secret } = set.json as { secret: string };
      expect(secret).toMatch(/^whsec_/);
      const tooShort = await operation("setWebhookSecret", { automationId }, { secret: "short" });
      expectStatus(tooShort, 400, "a short secret");

      const body = JSON.stringify({ n: 7 });
      const post = (signingSecret: string) =>
        fetch(`${w.web.url}${new URL(webhookUrl).pathname}`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-hub-signature-256": `sha256=${createHmac("sha256", signingSecret).update(body).digest("hex")}`,
          },
          body,
        });
      expect((await post("not-the-secret")).status).toBe(401);
      const accepted = await post(secret);
      expect(accepted.status).toBe(202);
      const { eventId } = (await accepted.json()) as { eventId: string };
      ids.webhookAutomationId = automationId;
      ids.eventId = eventId;
      let event: { status: string; runId: string | null } = { status: "waiting", runId: null };
      for (let i = 0; i < 100 && event.status !== "started"; i += 1) {
        const read = await operation("getWebhookEvent", { automationId, eventId });
        expectStatus(read, 200, "event state");
        event = read.json as typeof event;
        if (event.status !== "started") await new Promise((r) => setTimeout(r, 100));
      }
      expect(event).toMatchObject({ status: "started", runId: expect.any(String) });

      const removed = await operation("removeWebhookSecret", { automationId });
      expect(removed.json).toEqual({ automationId, secret: null });
    }, 60_000);

    it("sets report settings (validated, read back, honoured by the report) and reads each gate's record", async () => {
      const gated = {
        nodes: [
          { id: "trigger", type: "trigger" },
          {
            id: "gate",
            type: "approval",
            name: "Manager sign-off",
            approval: { message: "Ship?" },
          },
          {
            id: "ship",
            type: "action",
            action: "http.request",
            input: { method: "POST", url: `${w.fake.url}/echo` },
          },
        ],
        edges: [
          { from: "trigger", to: "gate", kind: "dependent" },
          { from: "gate", to: "ship", kind: "dependent" },
        ],
      };
      const created = await operation(
        "createAutomation",
        {},
        { name: "Gated shipment", graph: gated },
      );
      expectStatus(created, 201, "create gated automation");
      const automationId = (created.json as { automationId: string }).automationId;
      ids.gatedAutomationId = automationId;

      // No gate reached yet; the defaults: reports to the run's owner, sent at once.
      const empty = await operation("listGateRecords", { automationId });
      expectStatus(empty, 200, "gates before any run");
      expect(empty.json).toEqual({ gates: [] });
      const fresh = await operation("getAutomation", { automationId });
      expect(fresh.json).toMatchObject({ reportRecipients: [], reportDigestMinutes: 0 });

      // Refused with a 400 JSON error naming the problem; nothing is changed.
      for (const [body, mentions] of [
        [{ reportRecipients: ["ops@example.com", "not-an-email"] }, "not-an-email"],
        [{ reportRecipients: Array.from({ length: 21 }, (_, i) => `r${i}@example.com`) }, "20"],
        [{ reportRecipients: "ops@example.com" }, "reportRecipients"],
        [{ reportDigestMinutes: 1441 }, "1440"],
        [{ reportDigestMinutes: -1 }, "reportDigestMinutes"],
        [{ reportDigestMinutes: 2.5 }, "whole number"],
        [{ reportDigestMinutes: "15" }, "reportDigestMinutes"],
        [{ name: "renamed" }, "name"],
      ] as const) {
        const refused = await operation("updateAutomation", { automationId }, body);
        expectStatus(refused, 400, `PATCH ${JSON.stringify(body)}`);
        const error = (refused.json as { error: { code: string; message: string } }).error;
        expect(error.code).toBe("invalid_input");
        expect(error.message).toContain(mentions);
      }
      expect(
        await w.db.prisma.automation.findUniqueOrThrow({
          where: { id: automationId },
          select: { reportRecipients: true, reportDigestMinutes: true, name: true },
        }),
      ).toEqual({ reportRecipients: [], reportDigestMinutes: 0, name: "Gated shipment" });

      // Set both (a repeated address is kept once), then only the window: the list stays.
      const set = await operation(
        "updateAutomation",
        { automationId },
        {
          reportRecipients: ["ops@example.com", "Lead@example.com", "OPS@example.com"],
          reportDigestMinutes: 1440,
        },
      );
      expectStatus(set, 200, "set report settings");
      expect(set.json).toMatchObject({
        id: automationId,
        name: "Gated shipment",
        reportRecipients: ["ops@example.com", "Lead@example.com"],
        reportDigestMinutes: 1440,
        versions: [{ number: 1 }],
      });
      expectStatus(
        await operation("updateAutomation", { automationId }, { reportDigestMinutes: 10 }),
        200,
        "set the window only",
      );
      const read = await operation("getAutomation", { automationId });
      expect(read.json).toMatchObject({
        reportRecipients: ["ops@example.com", "Lead@example.com"],
        reportDigestMinutes: 10,
      });

      // A run reaches the gate; Alice (its default approver) rejects it through the API.
      const started = await operation("startRun", { automationId }, { payload: {} });
      expectStatus(started, 201, "start gated run");
      const runId = (started.json as { runId: string }).runId;
      let requestId: string | undefined;
      for (const deadline = Date.now() + 20_000; !requestId && Date.now() < deadline;) {
        const pending = await operation("listApprovals");
        requestId = (pending.json as { approvals: { id: string; runId: string }[] }).approvals.find(
          (a) => a.runId === runId,
        )?.id;
        if (!requestId) await new Promise((r) => setTimeout(r, 200));
      }
      expect(requestId, "the gate's approval request").toBeDefined();
      const rejected = await operation(
        "decideApproval",
        { requestId: requestId! },
        { decision: "reject", comment: "not today" },
      );
      expectStatus(rejected, 200, "reject");
      for (const deadline = Date.now() + 20_000; ;) {
        const run = await operation("getRun", { runId });
        if ((run.json as { status: string }).status !== "running") break;
        if (Date.now() > deadline) throw new Error("gated run did not end");
        await new Promise((r) => setTimeout(r, 200));
      }
      // The rejection's report goes to the recipients set above, inside the digest window.
      const report = await waitForRow(
        () => w.db.prisma.outboxEmail.findFirst({ where: { runId, kind: "run_report" } }),
        "report email",
      );
      expect(report.to).toEqual(["ops@example.com", "Lead@example.com"]);
      expect(report.digestKey).toBe(`report:${automationId}`);

      const afterRejection = await operation("listGateRecords", { automationId });
      expectStatus(afterRejection, 200, "gates after the rejection");
      expect(afterRejection.json).toEqual({
        gates: [
          {
            nodeId: "gate",
            name: "Manager sign-off",
            inLatestVersion: true,
            approved: 0,
            rejected: 1,
            expired: 0,
            pending: 0,
            medianWaitMs: expect.any(Number),
            retireHint: false,
          },
        ],
      });

      // A second gate, approved every time over ten decisions (seeded: waits of 1…10 min),
      // gets the retire hint; records follow the latest version's node order.
      const v2 = await operation(
        "createAutomationVersion",
        { automationId },
        {
          graph: {
            nodes: [
              gated.nodes[0],
              { id: "routine", type: "approval", approval: { message: "Routine?" } },
              ...gated.nodes.slice(1),
            ],
            edges: [
              { from: "trigger", to: "routine", kind: "dependent" },
              { from: "routine", to: "gate", kind: "dependent" },
              gated.edges[1],
            ],
          },
        },
      );
      expectStatus(v2, 201, "version with a second gate");
      const run = await w.db.prisma.run.findUniqueOrThrow({ where: { id: runId } });
      const hourAgo = Date.now() - 3_600_000;
      await w.db.prisma.approvalRequest.createMany({
        data: Array.from({ length: 10 }, (_, i) => ({
          workspaceId: run.workspaceId,
          runId,
          nodeId: "routine",
          generation: 100 + i,
          message: "Routine?",
          approvers: [alice.email],
          status: "approved" as const,
          createdAt: new Date(hourAgo),
          decidedAt: new Date(hourAgo + (i + 1) * 60_000),
          decidedBy: alice.email,
          channel: "api",
          expiresAt: new Date(hourAgo + 72 * 3_600_000),
        })),
      });
      const records = await operation("listGateRecords", { automationId });
      expectStatus(records, 200, "gates with a routine one");
      const gates = (records.json as { gates: Record<string, unknown>[] }).gates;
      expect(gates.map((g) => g.nodeId)).toEqual(["routine", "gate"]);
      expect(gates[0]).toEqual({
        nodeId: "routine",
        name: null,
        inLatestVersion: true,
        approved: 10,
        rejected: 0,
        expired: 0,
        pending: 0,
        medianWaitMs: 330_000,
        retireHint: true,
      });
      expect(gates[1]).toMatchObject({ nodeId: "gate", rejected: 1, retireHint: false });
    }, 90_000);

    it("sets a connection's limits (validated, read back in the list; null removes one)", async () => {
      const user = await w.db.prisma.user.findUniqueOrThrow({ where: { email: alice.email } });
      const { id: connectionId } = await w.db.prisma.connection.create({
        data: {
          workspaceId: ids.aliceWorkspace!,
          ownerId: user.id,
          connectorId: "slack",
          provider: "slack",
          authKind: "oauth2",
          label: "Team Slack",
        },
      });
      ids.connectionId = connectionId;
      const listed = async () =>
        ((await operation("listConnections")).json as { connections: Record<string, unknown>[] })
          .connections;
      expect((await listed())[0]).toMatchObject({
        id: connectionId,
        limits: { maxConcurrent: null, rateLimit: null },
      });

      for (const [body, mentions] of [
        [{ maxConcurrent: 0 }, "Calls at once: enter a whole number from 1 to 1,000"],
        [{ rateLimit: { count: 5, per: "hour" } }, '"second" or "minute"'],
        [{ rateLimit: 5 }, "rateLimit"],
        [{ label: "renamed" }, "label"],
      ] as const) {
        const refused = await operation("updateConnectionLimits", { connectionId }, body);
        expectStatus(refused, 400, `PATCH ${JSON.stringify(body)}`);
        expect(refused.json).toMatchObject({ error: { code: "invalid_input" } });
        expect((refused.json as { error: { message: string } }).error.message).toContain(mentions);
      }

      const set = await operation(
        "updateConnectionLimits",
        { connectionId },
        { maxConcurrent: 2, rateLimit: { count: 5, per: "second" } },
      );
      expectStatus(set, 200, "set limits");
      expect(set.json).toMatchObject({
        id: connectionId,
        limits: { maxConcurrent: 2, rateLimit: { count: 5, per: "second" } },
      });
      // Only the concurrency goes; the rate stays.
      const lifted = await operation(
        "updateConnectionLimits",
        { connectionId },
        { maxConcurrent: null },
      );
      expectStatus(lifted, 200, "remove the concurrency limit");
      expect((await listed())[0]).toMatchObject({
        limits: { maxConcurrent: null, rateLimit: { count: 5, per: "second" } },
      });
    }, 60_000);
  });
}
