import { describe, expect, it } from "vitest";
import {
  assertSessionWriteAllowed,
  foreignOriginProblem,
  nonJsonProblem,
} from "../../../app/_lib/same-origin";
import { AppError } from "../../../worker/errors";

const OWN = "https://switchyard.example.com";
const headers = (init: Record<string, string>) => new Headers(init);

describe("foreignOriginProblem", () => {
  it("passes the app's own origin, from Origin or (without one) Referer", () => {
    expect(foreignOriginProblem(headers({ origin: OWN }), OWN)).toBeNull();
    expect(foreignOriginProblem(headers({ referer: `${OWN}/automations/1?x=2` }), OWN)).toBeNull();
  });

  it("refuses another origin, a sandboxed page's 'null', and a request naming neither", () => {
    const refused: Record<string, string>[] = [
      { origin: "http://evil.example" },
      { origin: "null" },
      { origin: "http://switchyard.example.com" }, // same host, other scheme
      { origin: `${OWN}:8443` },
      { referer: "http://evil.example/page" },
      { referer: "not a url" },
      {},
    ];
    for (const init of refused) {
      expect(foreignOriginProblem(headers(init), OWN), JSON.stringify(init)).toEqual(
        expect.any(String),
      );
    }
  });

  it("judges by Origin when both are sent (a Referer cannot vouch for a foreign Origin)", () => {
    const init = { origin: "http://evil.example", referer: `${OWN}/` };
    expect(foreignOriginProblem(headers(init), OWN)).toEqual(expect.any(String));
  });
});

describe("nonJsonProblem", () => {
  it("passes JSON types, with parameters or a +json suffix", () => {
    for (const type of [
      "application/json",
      "application/json; charset=utf-8",
      "application/merge-patch+json",
    ]) {
      expect(nonJsonProblem(headers({ "content-type": type })), type).toBeNull();
    }
  });

  it("refuses what a cross-site page can send without a preflight, and no type at all", () => {
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      expect(nonJsonProblem(headers({ "content-type": type })), type).toEqual(expect.any(String));
    }
    expect(nonJsonProblem(headers({}))).toEqual(expect.any(String));
  });
});

describe("assertSessionWriteAllowed", () => {
  const request = (method: string, init: Record<string, string>) =>
    new Request(`${OWN}/api/v1/automations`, { method, headers: init });
  const codeOf = (fn: () => void) => {
    try {
      fn();
      return null;
    } catch (err) {
      return err instanceof AppError ? err.code : err;
    }
  };

  it("lets reads through from anywhere", () => {
    expect(
      codeOf(() =>
        assertSessionWriteAllowed(request("GET", { origin: "http://evil.example" }), OWN),
      ),
    ).toBeNull();
  });

  it("refuses a foreign write with forbidden before looking at its type", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const init = { origin: "http://evil.example", "content-type": "text/plain" };
      expect(
        codeOf(() => assertSessionWriteAllowed(request(method, init), OWN)),
        method,
      ).toBe("forbidden");
    }
  });

  it("refuses a same-origin write that is not JSON as an unsupported media type", () => {
    const init = { origin: OWN, "content-type": "text/plain" };
    expect(codeOf(() => assertSessionWriteAllowed(request("POST", init), OWN))).toBe(
      "unsupported_media_type",
    );
    const json = { origin: OWN, "content-type": "application/json" };
    expect(codeOf(() => assertSessionWriteAllowed(request("DELETE", json), OWN))).toBeNull();
  });
});
