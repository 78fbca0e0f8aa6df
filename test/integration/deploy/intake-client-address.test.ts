import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { TrustedProxies } from "../../../worker/intake/client-address";
import type { IntakeServer } from "../../../worker/intake/server";
import { clientAt } from "../../support/auth-client";
import { createTestDatabase, type TestDatabase } from "../../support/database";
import { startTestIntake } from "../../support/intake";

// The intake front tells the web app behind it who the client is: X-Forwarded-For as the
// web app receives it is one address, the one intake vouches for — never what the client
// wrote, unless the hop in front of intake is a proxy the operator trusts.

let db: TestDatabase;
let upstream: http.Server;
let upstreamUrl: string;
const seen: string[] = [];
const fronts: IntakeServer[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  upstream = http.createServer((req, res) => {
    seen.push(String(req.headers["x-forwarded-for"]));
    res.end("ok");
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(fronts.map((front) => front.close()));
  await new Promise((resolve) => upstream?.close(resolve));
  await db?.drop();
});

async function forwardedAs(trusted: string[], from: string, forwardedFor?: string) {
  const front = await startTestIntake(db.url, process.env, {
    upstream: upstreamUrl,
    trustedProxies: new TrustedProxies(trusted),
  });
  fronts.push(front);
  const client = clientAt(from);
  const headers: Record<string, string> = forwardedFor ? { "x-forwarded-for": forwardedFor } : {};
  await (await client.fetch(`${front.url}/sign-in`, { headers })).text();
  await client.close();
  return seen.at(-1);
}

it("replaces a client's X-Forwarded-For with the socket's address when no proxy is trusted", async () => {
  expect(await forwardedAs([], "127.0.0.7", "198.51.100.1, 10.0.0.1")).toBe("127.0.0.7");
  expect(await forwardedAs([], "127.0.0.8")).toBe("127.0.0.8");
});

it("believes a trusted proxy in front of it, and only the hop that proxy added", async () => {
  const trusted = ["127.0.0.9"];
  expect(await forwardedAs(trusted, "127.0.0.9", "6.6.6.6, 198.51.100.20")).toBe("198.51.100.20");
  // The same header from an address that is not the proxy is the client's own word.
  expect(await forwardedAs(trusted, "127.0.0.10", "198.51.100.20")).toBe("127.0.0.10");
});
