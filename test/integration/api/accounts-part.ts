import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { routeList } from "../../../app/api/v1/_schemas/route-table";
import { authPost } from "./http-client";
import { alice } from "./api-world";
import type { ApiWorld, OpenApiDocument } from "./api-world";

// Accounts and API keys: sign-up, sign-in, signed-out visitors, keys shown once and revoked.

export function accountsTests(w: ApiWorld): void {
  const { api, expectStatus, signUp, createKey, ids } = w;
  describe("accounts", () => {
    it("sign-up creates the user, a workspace named after them, and an owner membership", async () => {
      w.aliceSession = await signUp(alice);
      const user = await w.db.prisma.user.findUniqueOrThrow({
        where: { email: alice.email },
        include: { memberships: { include: { workspace: true } } },
      });
      expect(user.memberships).toHaveLength(1);
      expect(user.memberships[0]?.role).toBe("owner");
      expect(user.memberships[0]?.workspace.name).toBe(alice.name);
      ids.aliceWorkspace = user.memberships[0]?.workspaceId ?? "";
    }, 120_000);

    it("signs in with the password and refuses a wrong one", async () => {
      const wrong = await authPost(w.web.url, "sign-in/email", {
        email: alice.email,
        password: "nope nope",
      });
      expect(wrong.status).toBe(401);
      const right = await authPost(w.web.url, "sign-in/email", {
        email: alice.email,
        password: alice.password,
      });
      expect(right.status).toBe(200);
      const listed = await api({ cookie: right.cookie }, "GET", "/automations");
      expectStatus(listed, 200, "list with the new session");
    }, 60_000);

    it("sends signed-out visitors to /sign-in and serves the forms", async () => {
      const home = await fetch(`${w.web.url}/`, { redirect: "manual" });
      // A page under a loading.tsx boundary streams, so redirect() arrives in the body
      // (Next's client follows it) rather than as a 3xx status.
      const location = home.headers.get("location");
      if (location) expect(location).toMatch(/\/sign-in$/);
      else expect(await home.text()).toMatch(/NEXT_REDIRECT;[^"]*\/sign-in|url=\/sign-in/);
      const page = await (await fetch(`${w.web.url}/sign-up`)).text();
      for (const label of ["Name", "Email", "Password", "Create account"])
        expect(page).toContain(label);
    }, 120_000);

    it("refuses the API without credentials, with a bad key, and with a revoked key", async () => {
      const anonymous = await api(null, "GET", "/automations");
      expectStatus(anonymous, 401);
      expect(anonymous.json).toMatchObject({ error: { code: "unauthenticated" } });
      expectStatus(await api({ apiKey: "sy_not-a-real-key" }, "GET", "/automations"), 401);
      const doomed = await createKey(w.aliceSession, "doomed");
      expectStatus(await api({ apiKey: doomed.key }, "GET", "/runs"), 200);
      expectStatus(await api(w.aliceSession, "DELETE", `/api-keys/${doomed.id}`), 200);
      expectStatus(await api({ apiKey: doomed.key }, "GET", "/runs"), 401);
    }, 60_000);

    it("creates an API key shown once, stored hashed, and records its use", async () => {
      const created = await createKey(w.aliceSession, "CI");
      expect(created.key).toMatch(/^sy_[A-Za-z0-9_-]{43}$/);
      w.aliceKey = { apiKey: created.key };
      ids.keyId = created.id;
      expectStatus(await api(w.aliceKey, "GET", "/automations"), 200);
      const row = await w.db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
      expect(row.hashedKey).not.toContain(created.key);
      expect(row.lastUsedAt).not.toBeNull();
      const listed = await api(w.aliceKey, "GET", "/api-keys");
      expect(listed.text).not.toContain(created.key);
      expect(listed.text).not.toContain(row.hashedKey);
    }, 60_000);
  });

  describe("the OpenAPI document", () => {
    it("is valid OpenAPI 3.1 and lists every route of the table", async () => {
      const response = await fetch(`${w.web.url}/api/v1/openapi.json`);
      expect(response.status).toBe(200);
      const doc = (await response.json()) as OpenApiDocument;
      w.doc = doc;
      const result = await new Validator().validate(
        doc as unknown as Parameters<Validator["validate"]>[0],
      );
      expect(result.errors).toBeUndefined();
      expect(result.valid).toBe(true);
      const documented = Object.values(doc.paths).flatMap((m) =>
        Object.values(m).map((o) => o.operationId),
      );
      expect(documented.sort()).toEqual(routeList.map((r) => r.operationId).sort());
    }, 60_000);
  });
}
