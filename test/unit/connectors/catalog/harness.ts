// Shared set-up for the catalogue connector tests: each action runs through executeAction
// over real HTTP against the fake API, which stands in for the provider's base URL.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import type { ActionCredentials } from "../../../../connectors/_sdk/define";
import { ConnectorError } from "../../../../connectors/_sdk/errors";
import { executeAction } from "../../../../connectors/_sdk/execute";
import { getAction } from "../../../../connectors/registry";
import {
  startFakeApi,
  type FakeApi,
  type RecordedRequest,
  type ScriptedResponse,
} from "../../../fakes/fake-api";

export const TOKEN = "test-access-token";
export const OAUTH: ActionCredentials = { kind: "oauth2", accessToken: TOKEN };

/** Starts one fake API for the file and clears it before each test. */
export function useFakeApi(): { readonly api: FakeApi } {
  const holder = {} as { api: FakeApi };
  beforeAll(async () => {
    holder.api = await startFakeApi();
  });
  afterAll(() => holder.api.close());
  beforeEach(() => holder.api.reset());
  return holder;
}

/** Runs "<connector>.<action>" with the fake API as the connector's base URL; null: no credentials. */
export function runAction(
  api: FakeApi,
  key: string,
  input: unknown,
  credentials: ActionCredentials | null = OAUTH,
): Promise<unknown> {
  const found = getAction(key);
  if (!found) throw new Error(`${key} is not registered`);
  return executeAction(found.action, input, {
    signal: new AbortController().signal,
    timeoutMs: 5_000,
    idempotencyKey: "run:node:1",
    allowPrivateNetwork: true,
    baseUrl: api.url,
    credentials: credentials ?? undefined,
  });
}

export async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

/** The only request the fake API received. */
export function onlyRequest(api: FakeApi): RecordedRequest {
  expect(api.requests).toHaveLength(1);
  return api.requests[0] as RecordedRequest;
}

/** Headers every catalogue request carries: the bearer credential and no idempotency key. */
export function expectAuthorised(request: RecordedRequest, token = TOKEN): void {
  expect(request.headers.authorization).toBe(`Bearer ${token}`);
  expect(request.headers["idempotency-key"]).toBeUndefined();
}

export interface ErrorCases {
  /** Runs the action with valid input. */
  run: () => Promise<unknown>;
  /** The path the action calls. */
  path: string;
  /** The provider's answers, as documented. */
  unauthorized: ScriptedResponse;
  rateLimited: ScriptedResponse;
  invalid: ScriptedResponse;
  /** The provider's message for `invalid`, which the user must see. */
  invalidMessage: string;
}

/** The R7/R8 mapping every provider gets: 401, 429 with Retry-After, a rejected request. */
export function itMapsHttpErrors(api: () => FakeApi, cases: () => ErrorCases): void {
  it("marks the connection broken on 401", async () => {
    const { run, path, unauthorized } = cases();
    api().script(path, [{ status: 401, ...unauthorized }]);
    expect(await failure(run())).toMatchObject({
      errorClass: "auth",
      authBroken: true,
      retryable: false,
      httpStatus: 401,
    });
  });

  it("retries a 429 after the provider's Retry-After", async () => {
    const { run, path, rateLimited } = cases();
    api().script(path, [
      { status: 429, ...rateLimited, headers: { "retry-after": "30", ...rateLimited.headers } },
    ]);
    expect(await failure(run())).toMatchObject({
      errorClass: "http_429",
      retryable: true,
      retryAfterMs: 30_000,
    });
  });

  it("fails a rejected request permanently with the provider's message", async () => {
    const { run, path, invalid, invalidMessage } = cases();
    api().script(path, [invalid]);
    const err = await failure(run());
    expect(err).toMatchObject({ errorClass: "http_4xx", retryable: false });
    expect(err.message).toContain(invalidMessage);
  });
}
