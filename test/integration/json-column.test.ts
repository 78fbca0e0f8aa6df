// Trigger payloads keep every field name as sent when stored through Prisma
// (prisma/storable.ts, asJsonColumn): "__proto__" at any depth, and objects that look like
// Prisma's own tagged values ({"$type": …}).
import { afterAll, beforeAll, expect, it } from "vitest";
import { asJsonColumn } from "../../prisma/storable";
import { ensureLocalOwner } from "../../worker/automations/ensure-local-owner";
import { saveAutomationVersion } from "../../worker/automations/save-version";
import { startRun } from "../../worker/runs/start-run";
import { createTestDatabase, type TestDatabase } from "../support/database";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const SENT =
  '{"__proto__":{"isAdmin":true},"constructor":"c","at":{"$type":"DateTime","value":"2020-01-01T00:00:00Z"},' +
  '"ref":{"$type":"Param","value":"q"},"list":[{"__proto__":2},{"toString":null}]}';

it("a payload's own __proto__ fields and $type objects are stored as sent", async () => {
  const owner = await ensureLocalOwner(db.prisma);
  const saved = await saveAutomationVersion(db.prisma, {
    workspaceId: owner.workspaceId,
    ownerId: owner.userId,
    automationName: "Payload names",
    graph: { nodes: [{ id: "trigger", type: "trigger" }], edges: [] },
  });
  const { runId } = await startRun(db.prisma, {
    versionId: saved.versionId,
    ownerId: owner.userId,
    triggerPayload: JSON.parse(SENT),
  });
  const [row] = await db.prisma.$queryRaw<{ run: string; node: string }[]>`
    SELECT r."triggerPayload"::text AS run, n.output::text AS node
    FROM "Run" r JOIN "NodeRun" n ON n."runId" = r.id AND n."nodeId" = 'trigger'
    WHERE r.id = ${runId}`;
  expect(JSON.parse(row!.run)).toEqual(JSON.parse(SENT));
  expect(Object.keys(JSON.parse(row!.run) as object).sort()).toEqual(
    ["__proto__", "at", "constructor", "list", "ref"].sort(),
  );
  expect(JSON.parse(row!.node)).toEqual(JSON.parse(SENT));
  // Read back through Prisma too, and nothing leaked onto Object.prototype.
  const run = await db.prisma.run.findUniqueOrThrow({ where: { id: runId } });
  expect(Object.hasOwn(run.triggerPayload as object, "__proto__")).toBe(true);
  expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined();
});

it("asJsonColumn keeps plain values, arrays and null", async () => {
  const automation = await db.prisma.automation.findFirstOrThrow();
  for (const value of [{}, [1, "a", null], "text", 42, true, { a: { b: [{ c: null }] } }]) {
    const event = await db.prisma.pendingTriggerEvent.create({
      data: { automationId: automation.id, triggerKind: "webhook", payload: asJsonColumn(value) },
    });
    const [row] = await db.prisma.$queryRaw<{ payload: string }[]>`
      SELECT payload::text FROM "PendingTriggerEvent" WHERE id = ${event.id}`;
    expect(JSON.parse(row!.payload), JSON.stringify(value)).toEqual(value);
  }
});
