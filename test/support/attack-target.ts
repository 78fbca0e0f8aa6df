import { expect } from "vitest";
import { authPost, call } from "../integration/api/http-client";
import { createTestDatabase, type TestDatabase } from "./database";
import { startWebApp, type WebApp } from "./web-app";
import { spawnWorker, type WorkerProcess } from "./worker-process";

// What the attack suites (test/reliability/attack-*.test.ts) aim at: the built app behind
// its intake front (HSTS on), two workspaces — Alice's with an API key and a webhook
// automation, Bob's with a key of his own — and, when asked, a worker running the runs.

export const EVIL = "http://evil.example";

/** A webhook automation whose step reads each field named after Object.prototype's members. */
export const PROBE_GRAPH = {
  nodes: [
    { id: "trigger", type: "trigger", trigger: { kind: "webhook", webhook: {} } },
    {
      id: "probe",
      type: "action",
      action: "util.pass_data",
      input: {
        data: {
          constructor: "{{ trigger.constructor }}",
          toString: "{{ trigger.toString }}",
          hasOwnProperty: "{{ trigger.hasOwnProperty }}",
          valueOf: "{{ trigger.valueOf }}",
          proto: "{{ trigger.__proto__ }}",
        },
      },
    },
  ],
  edges: [{ from: "trigger", to: "probe", kind: "dependent" }],
};

export interface AttackTarget {
  db: TestDatabase;
  web: WebApp;
  /** The REST API's base URL. */
  api: string;
  alice: { cookie: string; apiKey: string };
  bob: { cookie: string };
  /** Alice's automation (PROBE_GRAPH) and its webhook address. */
  automationId: string;
  hook: string;
  /** What a refused request must not have written. */
  counts(): Promise<number[]>;
  /** Alice's active API key. */
  aliceKey(): Promise<{ id: string; revokedAt: Date | null }>;
  stop(): Promise<void>;
}

export async function startAttackTarget(options: { worker: boolean }): Promise<AttackTarget> {
  const db = await createTestDatabase();
  const [web, worker] = await Promise.all([
    startWebApp({ DATABASE_URL: db.url, SWITCHYARD_HSTS: "true" }),
    options.worker ? spawnWorker(db.url) : Promise.resolve<WorkerProcess | null>(null),
  ]);
  const api = `${web.url}/api/v1`;
  const signUp = async (name: string, email: string) =>
    (await authPost(web.url, "sign-up/email", { name, email, password: "attack suite pass 7" }))
      .cookie;
  const alice = { cookie: await signUp("Alice", "alice@example.test"), apiKey: "" };
  const bob = { cookie: await signUp("Bob", "bob@example.test") };
  const created = await call(api, { cookie: alice.cookie }, "POST", "/api-keys", { name: "a" });
  expect(created.status, created.text).toBe(201);
  alice.apiKey = (created.json as { key: string }).key;
  // Bob's own key, so his page has a revoke form to aim at Alice's.
  expect((await call(api, bob, "POST", "/api-keys", { name: "b" })).status).toBe(201);
  const saved = await call(api, { apiKey: alice.apiKey }, "POST", "/automations", {
    name: "Attack target",
    graph: PROBE_GRAPH,
  });
  expect(saved.status, saved.text).toBe(201);
  const { automationId } = saved.json as { automationId: string };
  const automation = await db.prisma.automation.findUniqueOrThrow({ where: { id: automationId } });
  return {
    db,
    web,
    api,
    alice,
    bob,
    automationId,
    hook: `${web.url}/hooks/${automation.webhookToken}`,
    counts: () =>
      Promise.all([
        db.prisma.apiKey.count({ where: { revokedAt: null } }),
        db.prisma.automation.count(),
        db.prisma.automationVersion.count(),
        db.prisma.run.count(),
        db.prisma.webhookEvent.count(),
      ]),
    aliceKey: () =>
      db.prisma.apiKey.findFirstOrThrow({
        where: { revokedAt: null, user: { email: "alice@example.test" } },
      }),
    async stop() {
      await worker?.stop();
      await web.stop();
      await db.drop();
    },
  };
}

/** A JSON refusal with this status, a code, and a message matching `message`. */
export async function expectRefusal(res: Response, status: number, message?: RegExp) {
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(status);
  const { error } = JSON.parse(text) as { error: { code: string; message: string } };
  expect(error.code).toEqual(expect.any(String));
  if (message) expect(error.message).toMatch(message);
  return error;
}
