import { beforeAll, describe, expect, it } from "vitest";
import { routeList } from "../../../app/api/v1/_schemas/route-table";
import { fillPath } from "./http-client";
import { alice, bob } from "./api-world";
import type { ApiWorld } from "./api-world";

// Tenant isolation, generated from the route table: Bob reaches none of Alice's ids.

export function tenantIsolationTests(w: ApiWorld): void {
  const { api, expectStatus, signUp, createKey, ids } = w;
  describe("tenant isolation (generated from the route table)", () => {
    const withIds = routeList.filter((r) => r.path.includes("{"));
    const lists = routeList.filter((r) => r.method === "GET" && !r.path.includes("{"));

    beforeAll(async () => {
      w.bobSession = await signUp(bob);
      w.bobKey = { apiKey: (await createKey(w.bobSession, "bob's")).key };
    }, 120_000);

    it("answers 404 to another workspace's ids, by session and by API key, and 401 without credentials", async () => {
      // An approval request of Alice's run (seeded: her API runs have no gate), for
      // /approvals/{requestId}/decision.
      const aliceRun = await w.db.prisma.run.findUniqueOrThrow({ where: { id: ids.runId! } });
      const { id: requestId } = await w.db.prisma.approvalRequest.create({
        data: {
          workspaceId: aliceRun.workspaceId,
          runId: aliceRun.id,
          nodeId: "steady",
          generation: 99,
          message: "tenancy check",
          approvers: [alice.email],
          expiresAt: new Date(Date.now() + 3_600_000),
        },
      });
      const values = {
        automationId: ids.automationId!,
        runId: ids.runId!,
        keyId: ids.keyId!,
        requestId,
        eventId: ids.eventId!,
        nodeId: "steady",
        connectionId: ids.connectionId!,
      };
      for (const route of withIds) {
        const path = fillPath(route.path, values);
        for (const [who, credentials] of [
          ["session", w.bobSession],
          ["key", w.bobKey],
        ] as const) {
          const result = await api(credentials, route.method, path, route.example);
          expectStatus(result, 404, `${route.method} ${path} as Bob (${who})`);
          expect(result.json).toMatchObject({ error: { code: "not_found" } });
        }
        expectStatus(
          await api(null, route.method, path, route.example),
          401,
          `${route.method} ${path} anonymous`,
        );
      }
      // Ids in a body are the workspace's too: Bob cannot test a step on Alice's run's data.
      const testOnAlicesRun = await api(w.bobKey, "POST", "/automations/test-step", {
        node: { id: "copy", type: "action", action: "util.pass_data", input: { data: 1 } },
        source: { kind: "run", runId: ids.runId! },
      });
      expectStatus(testOnAlicesRun, 404, "test step on another workspace's run");
      // Nothing of Alice's changed: her key still works and her run was neither retried nor cancelled.
      const run = await api(w.aliceKey, "GET", `/runs/${ids.runId}`);
      expect(run.json).toMatchObject({ status: "succeeded", generation: 2 });
      expect(
        await w.db.prisma.automationVersion.count({ where: { automationId: ids.automationId! } }),
      ).toBe(2);
    }, 120_000);

    it("never lists another workspace's rows", async () => {
      const alices = [ids.automationId!, ids.runId!, ids.keyId!, ids.connectionId!];
      for (const route of lists) {
        for (const credentials of [w.bobSession, w.bobKey]) {
          const result = await api(credentials, "GET", route.path);
          expectStatus(result, 200, `${route.path} as Bob`);
          for (const id of alices)
            expect(result.text, `${route.path} leaks ${id}`).not.toContain(id);
        }
        // …while Alice does see her own (her runs, automations, keys).
        const own = await api(w.aliceKey, "GET", route.path);
        expectStatus(own, 200);
      }
      expect((await api(w.aliceKey, "GET", "/runs")).text).toContain(ids.runId);
    }, 120_000);
  });
}
