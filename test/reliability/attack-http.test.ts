import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_NESTING_DEPTH } from "../../prisma/storable";
import {
  EVIL,
  expectRefusal,
  PROBE_GRAPH,
  startAttackTarget,
  type AttackTarget,
} from "../support/attack-target";
import { waitForEventRun, waitForRunEnd } from "../support/runs";

// Attacks on the REST and webhook edges (issue 16, part B), against the built app behind
// its intake front with a real worker: each test makes the attack the security review
// made and asserts the defence (docs/reliability.md, "Attacks and defences" → "HTTP edges").
// Pages and server actions: attack-pages.test.ts.
const TOO_DEEP_ARRAYS = "[".repeat(100_000) + "]".repeat(100_000);

let t: AttackTarget;
beforeAll(async () => {
  t = await startAttackTarget({ worker: true });
}, 180_000);
afterAll(async () => {
  await t?.stop();
});

/** A value stored in a jsonb column, as Postgres holds it (no client-side parsing). */
async function storedJson(sql: string, id: string): Promise<unknown> {
  const [row] = await t.db.prisma.$queryRawUnsafe<{ json: string }[]>(sql, id);
  return JSON.parse(row!.json);
}
const eventPayload = (eventId: string) =>
  storedJson(`SELECT payload::text AS json FROM "WebhookEvent" WHERE id = $1`, eventId);
const probeOutput = async (runId: string) =>
  storedJson(
    `SELECT output::text AS json FROM "NodeRun" WHERE "runId" = $1 AND "nodeId" = 'probe'`,
    runId,
  );

describe("CSRF: cookie-authenticated REST writes", () => {
  const forged = (path: string, headers: Record<string, string>, method = "POST") =>
    fetch(`${t.api}${path}`, {
      method,
      headers: { cookie: t.alice.cookie, ...headers },
      body: method === "DELETE" ? undefined : JSON.stringify({ name: "csrf", payload: {} }),
    });

  it("a foreign page's text/plain POST creates no API key and starts no run (403)", async () => {
    const before = await t.counts();
    for (const path of ["/api-keys", `/automations/${t.automationId}/runs`]) {
      const res = await forged(path, { origin: EVIL, "content-type": "text/plain" });
      await expectRefusal(res, 403, /own pages/);
    }
    expect(await t.counts()).toEqual(before);
  });

  it("without an Origin: a foreign Referer, or neither header, is refused too", async () => {
    const before = await t.counts();
    const referred = forged("/api-keys", { referer: `${EVIL}/x`, "content-type": "text/plain" });
    await expectRefusal(await referred, 403);
    await expectRefusal(await forged("/api-keys", { "content-type": "application/json" }), 403);
    expect(await t.counts()).toEqual(before);
  });

  it("a foreign DELETE of the victim's own key revokes nothing (403)", async () => {
    const key = await t.aliceKey();
    const res = await forged(`/api-keys/${key.id}`, { origin: EVIL }, "DELETE");
    await expectRefusal(res, 403);
    expect((await t.db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBe(
      null,
    );
  });

  it("a same-origin write that is not JSON is 415, naming the type to send", async () => {
    const before = await t.counts();
    const res = await forged("/api-keys", { origin: t.web.url, "content-type": "text/plain" });
    await expectRefusal(res, 415, /application\/json/);
    expect(await t.counts()).toEqual(before);
  });

  it("the app's own JSON writes pass, and API-key calls are unaffected by Origin", async () => {
    const own = await forged("/api-keys", {
      origin: t.web.url,
      "content-type": "application/json",
    });
    expect(own.status).toBe(201);
    const res = await fetch(`${t.api}/automations/${t.automationId}/runs`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${t.alice.apiKey}`,
        origin: EVIL,
        "content-type": "text/plain",
      },
      body: JSON.stringify({ payload: {} }),
    });
    expect(res.status).toBe(201);
  });
});

describe("payload field names: stored as sent, never Object.prototype", () => {
  const postForm = (body: string) =>
    fetch(t.hook, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });

  it("form fields constructor, toString, hasOwnProperty, valueOf, __proto__: 202, stored, read by templates", async () => {
    const res = await postForm("constructor=c&toString=t&hasOwnProperty=h&valueOf=v&__proto__=p");
    expect(res.status, await res.clone().text()).toBe(202);
    const { eventId } = (await res.json()) as { eventId: string };
    expect(await eventPayload(eventId)).toEqual(
      JSON.parse(
        '{"constructor":"c","toString":"t","hasOwnProperty":"h","valueOf":"v","__proto__":"p"}',
      ),
    );
    const run = await waitForRunEnd(t.db.prisma, await waitForEventRun(t.db.prisma, eventId));
    expect(run.status).toBe("succeeded");
    expect(await probeOutput(run.id)).toEqual({
      data: { constructor: "c", toString: "t", hasOwnProperty: "h", valueOf: "v", proto: "p" },
    });
  });

  it("a JSON __proto__ field (webhook or REST run) is kept; absent names read as null, not as Object's members", async () => {
    const body = '{"__proto__":{"isAdmin":true},"a":1}';
    const res = await fetch(t.hook, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(res.status).toBe(202);
    const { eventId } = (await res.json()) as { eventId: string };
    // (jsonb orders keys by length)
    expect(Object.keys((await eventPayload(eventId)) as object)).toEqual(["a", "__proto__"]);
    const hooked = await waitForRunEnd(t.db.prisma, await waitForEventRun(t.db.prisma, eventId));

    const started = await fetch(`${t.api}/automations/${t.automationId}/runs`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${t.alice.apiKey}`,
        "content-type": "application/json",
      },
      body: `{"payload":${body}}`,
    });
    expect(started.status).toBe(201);
    const direct = await waitForRunEnd(
      t.db.prisma,
      ((await started.json()) as { runId: string }).runId,
    );
    for (const run of [hooked, direct]) {
      expect(run.status).toBe("succeeded");
      expect(await probeOutput(run.id)).toEqual({
        data: {
          constructor: null,
          toString: null,
          hasOwnProperty: null,
          valueOf: null,
          proto: { isAdmin: true },
        },
      });
    }
  });
});

describe("nesting depth and sizes", () => {
  const withKey = (path: string, body: BodyInit, init: RequestInit = {}) =>
    fetch(`${t.api}${path}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${t.alice.apiKey}`,
        "content-type": "application/json",
      },
      body,
      ...init,
    });
  const depthLimit = new RegExp(`${MAX_NESTING_DEPTH} levels`);

  it("a webhook payload of 100,000 nested arrays: 400 naming the limit, nothing stored", async () => {
    const before = await t.counts();
    const res = await fetch(t.hook, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: TOO_DEEP_ARRAYS,
    });
    expect((await expectRefusal(res, 400, depthLimit)).code).toBe("nesting_too_deep");
    expect(await t.counts()).toEqual(before);
  });

  it("a graph nested 5,000 levels, and a run payload of 100,000: 400 naming the limit, nothing stored", async () => {
    const before = await t.counts();
    const deepInput = '{"a":'.repeat(5_000) + "1" + "}".repeat(5_000);
    const graph = JSON.stringify(PROBE_GRAPH).replace('"input":{', `"input":{"deep":${deepInput},`);
    await expectRefusal(
      await withKey("/automations", `{"name":"Deep","graph":${graph}}`),
      400,
      depthLimit,
    );
    await expectRefusal(
      await withKey(`/automations/${t.automationId}/runs`, `{"payload":${TOO_DEEP_ARRAYS}}`),
      400,
      depthLimit,
    );
    expect(await t.counts()).toEqual(before);
  });

  it("a REST body over the 1 MB cap: 413, whether declared or streamed without a length", async () => {
    const before = await t.counts();
    const big = JSON.stringify({ name: "Big", graph: PROBE_GRAPH, pad: "x".repeat(1_100_000) });
    await expectRefusal(await withKey("/automations", big), 413, /1048576 bytes/);
    const chunks = [big.slice(0, 600_000), big.slice(600_000)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const streamed = await withKey("/automations", stream, { duplex: "half" } as RequestInit);
    await expectRefusal(streamed, 413, /1048576 bytes/);
    expect(await t.counts()).toEqual(before);
  });

  it("a sign-up body over the cap at /api/auth: 413 and no account", async () => {
    const email = "big-body@example.test";
    const res = await fetch(`${t.web.url}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: t.web.url },
      body: JSON.stringify({ name: "x".repeat(1_100_000), email, password: "a long password 42" }),
    });
    await expectRefusal(res, 413, /1048576 bytes/);
    expect(await t.db.prisma.user.count({ where: { email } })).toBe(0);
  });

  it("names and messages over their lengths are refused and nothing is stored", async () => {
    const before = await t.counts();
    const named = (patch: (g: typeof PROBE_GRAPH) => void, name = "Long") => {
      const graph = structuredClone(PROBE_GRAPH) as typeof PROBE_GRAPH;
      patch(graph);
      return withKey("/automations", JSON.stringify({ name, graph }));
    };
    for (const res of [
      await named(() => {}, "n".repeat(201)),
      await named((g) => Object.assign(g.nodes[1]!, { name: "s".repeat(201) })),
      await named((g) =>
        g.nodes.push({
          id: "gate",
          type: "approval",
          approval: { approvers: ["a@example.test"], message: "m".repeat(5_001) },
        } as never),
      ),
    ]) {
      expect(res.status, await res.clone().text()).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(await t.counts()).toEqual(before);
  });
});
