import { describe, expect, it } from "vitest";
import {
  newNonce,
  pageContentSecurityPolicy,
  referrerPolicyFor,
} from "../../../app/_lib/page-security";
import {
  baseSecurityHeaders,
  dataAnswerHeaders,
  HSTS_VALUE,
} from "../../../worker/http/security-headers";

const directives = (policy: string) =>
  new Map(policy.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)]));

describe("pageContentSecurityPolicy", () => {
  it("runs scripts only with the nonce (no inline, no eval) and forbids framing", () => {
    const policy = directives(pageContentSecurityPolicy({ nonce: "abc", dev: false, https: true }));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(true);
  });

  it("allows eval only on the dev server, and upgrades requests only over https", () => {
    const dev = directives(pageContentSecurityPolicy({ nonce: "n", dev: true, https: false }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.has("upgrade-insecure-requests")).toBe(false);
  });

  it("lets Nango's API and Connect UI in only when Nango is configured", () => {
    const nango = { apiUrl: "https://api.nango.dev/x", connectUrl: "https://connect.nango.dev" };
    const policy = directives(
      pageContentSecurityPolicy({ nonce: "n", dev: false, https: true, nango }),
    );
    expect(policy.get("connect-src")).toEqual(["'self'", "https://api.nango.dev"]);
    expect(policy.get("frame-src")).toEqual(["'self'", "https://connect.nango.dev"]);
    const plain = directives(pageContentSecurityPolicy({ nonce: "n", dev: false, https: true }));
    expect(plain.get("frame-src")).toEqual(["'self'"]);
  });
});

describe("referrerPolicyFor", () => {
  it("sends no Referer from pages whose address holds a token", () => {
    expect(referrerPolicyFor("/approvals/t/abc")).toBe("no-referrer");
    expect(referrerPolicyFor("/r/retry/abc")).toBe("no-referrer");
    expect(referrerPolicyFor("/approvals")).toBe("strict-origin-when-cross-origin");
    expect(referrerPolicyFor("/runs/1")).toBe("strict-origin-when-cross-origin");
  });
});

describe("security headers", () => {
  it("nosniff and no framing everywhere; HSTS only when asked for", () => {
    expect(baseSecurityHeaders({ hsts: false })).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
    });
    expect(baseSecurityHeaders({ hsts: false })["strict-transport-security"]).toBeUndefined();
    expect(baseSecurityHeaders({ hsts: true })["strict-transport-security"]).toBe(HSTS_VALUE);
    expect(dataAnswerHeaders({ hsts: false })).toMatchObject({
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      "referrer-policy": "no-referrer",
    });
  });

  it("a fresh 128-bit nonce per request", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    expect(Buffer.from([...nonces][0]!, "base64")).toHaveLength(16);
  });
});
