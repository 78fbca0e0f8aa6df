import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVER_ACTION_MAX_BODY_BYTES } from "../../app/_lib/page-security";
import { HSTS_VALUE } from "../../worker/http/security-headers";
import {
  EVIL,
  expectRefusal,
  startAttackTarget,
  type AttackTarget,
} from "../support/attack-target";

// Attacks on the pages and server actions (issue 16, part B), against the built app behind
// its intake front: security headers, and server actions' refusals (docs/reliability.md,
// "Attacks and defences" → "HTTP edges"). The REST and webhook edges: attack-http.test.ts.
let t: AttackTarget;
beforeAll(async () => {
  t = await startAttackTarget({ worker: false });
}, 180_000);
afterAll(async () => {
  await t?.stop();
});

describe("security headers", () => {
  const page = (path: string, cookie?: string) =>
    fetch(`${t.web.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });

  it("pages: a fresh nonce on every script, frame-ancestors 'none', nosniff, HSTS, no X-Powered-By", async () => {
    const nonces = new Set<string>();
    for (const path of ["/sign-in", "/settings/api-keys", "/approvals/t/not-a-token"]) {
      const res = await page(path, t.alice.cookie);
      expect(res.status, path).toBe(200);
      const policy = res.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
      expect(nonce, path).toBeDefined();
      nonces.add(nonce!);
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
      const scripts = [...(await res.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("strict-transport-security")).toBe(HSTS_VALUE);
      expect(res.headers.get("x-powered-by")).toBeNull();
    }
    expect(nonces.size).toBe(3);
  });

  it("approval and retry link pages send no Referer; other pages only their origin", async () => {
    for (const path of ["/approvals/t/abc", "/r/retry/abc"]) {
      expect((await page(path)).headers.get("referrer-policy"), path).toBe("no-referrer");
    }
    const signIn = await page("/sign-in");
    expect(signIn.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  it("the API, static files and the intake front's own answers: nosniff, nothing may frame or load", async () => {
    const html = await (await page("/sign-in")).text();
    const chunk = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1]!;
    const answers = [
      await fetch(`${t.api}/openapi.json`),
      await fetch(`${t.api}/automations`),
      await fetch(`${t.web.url}${chunk}`),
      await fetch(`${t.web.url}/icon.svg`),
      await fetch(`${t.web.url}/hooks/no-such-token`, { method: "POST" }),
      await fetch(`${t.web.url}/_intake/health`),
    ];
    for (const res of answers) {
      expect(res.headers.get("x-content-type-options"), res.url).toBe("nosniff");
      expect(res.headers.get("content-security-policy"), res.url).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(res.headers.get("x-powered-by"), res.url).toBeNull();
    }
    const intakeOwn = answers.slice(4);
    for (const res of intakeOwn) {
      expect(res.headers.get("strict-transport-security"), res.url).toBe(HSTS_VALUE);
      expect(res.headers.get("referrer-policy"), res.url).toBe("no-referrer");
    }
  });
});

describe("server actions: every refusal a 4xx with a message", () => {
  /** The action id of the page's form that has a field named `field`. */
  async function formAction(path: string, cookie: string, field: string): Promise<string> {
    const html = await (await fetch(`${t.web.url}${path}`, { headers: { cookie } })).text();
    const form = [...html.matchAll(/<form\b[^>]*>(.*?)<\/form>/gs)]
      .map((m) => m[1]!)
      .find((f) => f.includes(`name="${field}"`));
    const id = form && /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(form)?.[1];
    if (!id) throw new Error(`no form with ${field} on ${path}`);
    return id;
  }
  const submit = (path: string, cookie: string, origin: string, fields: Record<string, string>) => {
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.set(name, value);
    return fetch(`${t.web.url}${path}`, {
      method: "POST",
      headers: { cookie, origin },
      body,
      redirect: "manual",
    });
  };

  it("a server action called from another origin: 403 saying why, the key stays active", async () => {
    const key = await t.aliceKey();
    const action = await formAction("/settings/api-keys", t.alice.cookie, "keyId");
    const res = await submit("/settings/api-keys", t.alice.cookie, EVIL, {
      [action]: "",
      keyId: key.id,
    });
    await expectRefusal(res, 403, /own pages/);
    expect((await t.db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBe(
      null,
    );
  });

  it("revoking another workspace's API key: the page says there is no such key; it stays active", async () => {
    const key = await t.aliceKey();
    const action = await formAction("/settings/api-keys", t.bob.cookie, "keyId");
    const res = await submit("/settings/api-keys", t.bob.cookie, t.web.url, {
      [action]: "",
      keyId: key.id,
    });
    expect(res.status).toBe(303);
    const shown = await fetch(new URL(res.headers.get("location")!, t.web.url), {
      headers: { cookie: t.bob.cookie },
    });
    expect(await shown.text()).toContain("This workspace has no such API key");
    expect((await t.db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBe(
      null,
    );
  });

  it("form actions given ids that do not parse answer 404", async () => {
    const page = `/automations/${t.automationId}`;
    for (const [path, field, bad] of [
      ["/settings/api-keys", "keyId", ""],
      [page, "payload", "not-an-id"],
      [page, "queueWhilePaused", "not-an-id"],
    ] as const) {
      const action = await formAction(path, t.alice.cookie, field);
      const res = await submit(path, t.alice.cookie, t.web.url, {
        [action]: "",
        keyId: bad,
        automationId: bad,
      });
      expect(res.status, `${path} ${field}`).toBe(404);
    }
  });

  it("a server-action body over the limit: 413, not Next.js's 500", async () => {
    const action = await formAction("/settings/api-keys", t.alice.cookie, "keyId");
    const res = await submit("/settings/api-keys", t.alice.cookie, t.web.url, {
      [action]: "",
      keyId: "k".repeat(SERVER_ACTION_MAX_BODY_BYTES + 1),
    });
    await expectRefusal(res, 413, new RegExp(`${SERVER_ACTION_MAX_BODY_BYTES} bytes`));
  });
});
