// How the HTTP client applies an action's credentials: as a bearer token, and only to the
// connector's own API origin.
import { describe, expect, it } from "vitest";
import { createHttpClient, type HttpClientOptions } from "../../../../connectors/_sdk/http-client";
import { useFakeApi } from "./harness";

const fake = useFakeApi();

function client(options: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    signal: new AbortController().signal,
    allowPrivateNetwork: true,
    baseUrl: fake.api.url,
    credentials: { kind: "oauth2", accessToken: "tok" },
    ...options,
  });
}

const authorizations = () => fake.api.requests.map((r) => r.headers.authorization);

describe("credentials", () => {
  it("sends an OAuth token or an API key as a bearer token to the base URL", async () => {
    await client().request({ method: "GET", url: "/echo" });
    await client({ credentials: { kind: "api_key", apiKey: "key" } }).request({
      method: "GET",
      url: `${fake.api.url}/echo`,
    });
    expect(authorizations()).toEqual(["Bearer tok", "Bearer key"]);
  });

  it("never sends them to another origin, and lets a request set its own", async () => {
    const other = fake.api.url.replace("127.0.0.1", "localhost");
    await client().request({ method: "GET", url: `${other}/echo` });
    await client().request({
      method: "GET",
      url: "/echo",
      headers: { Authorization: "Bearer page" },
    });
    await client({ credentials: undefined }).request({ method: "GET", url: "/echo" });
    expect(authorizations()).toEqual([undefined, "Bearer page", undefined]);
  });

  it("drops them on a redirect to another origin", async () => {
    const other = fake.api.url.replace("127.0.0.1", "localhost");
    fake.api.script("/moved", [{ status: 302, headers: { location: `${other}/echo` } }]);
    await client().request({ method: "GET", url: "/moved" });
    expect(authorizations()).toEqual(["Bearer tok", undefined]);
  });
});
