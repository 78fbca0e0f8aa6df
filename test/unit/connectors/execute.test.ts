import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineAction, type ActionContext } from "../../../connectors/_sdk/define";
import { ConnectorError } from "../../../connectors/_sdk/errors";
import { executeAction, type ExecuteOptions } from "../../../connectors/_sdk/execute";
import { startFakeApi, type FakeApi } from "../../fakes/fake-api";

let api: FakeApi;
beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(() => api.close());
beforeEach(() => api.reset());

function options(extra: Partial<ExecuteOptions> = {}): ExecuteOptions {
  return {
    signal: new AbortController().signal,
    timeoutMs: 5_000,
    idempotencyKey: "run:node:1",
    allowPrivateNetwork: true,
    baseUrl: api.url,
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

/** An action whose behaviour each test supplies. */
function actionRunning(
  run: (ctx: ActionContext, input: { name: string; count: number }) => Promise<unknown>,
) {
  return defineAction({
    key: "probe",
    displayName: "Probe",
    description: "test action",
    input: z.object({ name: z.string().min(1), count: z.number().int().default(1) }),
    output: z.object({ greeting: z.string() }),
    run: (ctx, input) => run(ctx, input) as Promise<{ greeting: string }>,
  });
}

describe("executeAction", () => {
  it("scrubs the connection's credential from what a provider echoes back", async () => {
    const token = "xoxb-echoed-token-123456";
    const credentials = { kind: "oauth2" as const, accessToken: token };
    const echo = actionRunning(async () => ({ greeting: `hello ${token}` }));
    await expect(executeAction(echo, { name: "a" }, options({ credentials }))).resolves.toEqual({
      greeting: "hello [redacted]",
    });
    const refusing = actionRunning(async () => {
      throw new ConnectorError({
        errorClass: "http_4xx",
        message: `HTTP 422: invalid token ${token}`,
        retryable: false,
        httpStatus: 422,
      });
    });
    const err = await failure(executeAction(refusing, { name: "a" }, options({ credentials })));
    expect(err).toMatchObject({
      message: "HTTP 422: invalid token [redacted]",
      errorClass: "http_4xx",
      httpStatus: 422,
      retryable: false,
    });
  });

  it("validates input, runs with defaults applied, and validates output", async () => {
    const action = actionRunning(async (ctx, input) => ({
      greeting: `hi ${input.name} x${input.count}`,
      extra: ctx.idempotencyKey,
    }));
    await expect(executeAction(action, { name: "Ada" }, options())).resolves.toEqual({
      greeting: "hi Ada x1",
    });
  });

  it("lists every invalid input field and never runs the action", async () => {
    let ran = false;
    const action = actionRunning(async () => {
      ran = true;
      return { greeting: "" };
    });
    const err = await failure(executeAction(action, { name: "", count: 1.5 }, options()));
    expect(err).toMatchObject({ errorClass: "input_validation", retryable: false });
    expect(err.message).toMatch(/^Invalid input: name: .+; count: .+/);
    expect(ran).toBe(false);
  });

  it("fails output that does not match the schema", async () => {
    const err = await failure(
      executeAction(
        actionRunning(async () => ({ greeting: 42 })),
        { name: "a" },
        options(),
      ),
    );
    expect(err).toMatchObject({ errorClass: "output_validation", retryable: false });
    expect(err.message).toMatch(/^Unexpected response: greeting: /);
  });

  it("passes a ConnectorError thrown by the action through", async () => {
    const thrown = ConnectorError.fromHttpStatus(503, "HTTP 503 from x", "2");
    const err = await failure(
      executeAction(
        actionRunning(() => Promise.reject(thrown)),
        { name: "a" },
        options(),
      ),
    );
    expect(err).toBe(thrown);
  });

  it("turns anything else thrown into a permanent internal error", async () => {
    const action = actionRunning(async () => {
      throw new TypeError("cannot read properties of undefined");
    });
    const err = await failure(executeAction(action, { name: "a" }, options()));
    expect(err).toMatchObject({
      errorClass: "internal",
      retryable: false,
      message: "Internal connector error: cannot read properties of undefined",
    });
  });

  it("times out promptly even when the action awaits something that ignores the signal", async () => {
    const action = actionRunning(
      () => new Promise((resolve) => setTimeout(() => resolve({ greeting: "late" }), 3_000)),
    );
    const started = Date.now();
    const err = await failure(executeAction(action, { name: "a" }, options({ timeoutMs: 100 })));
    expect(err).toMatchObject({
      errorClass: "timeout",
      retryable: true,
      message: "Timed out after 100 ms",
    });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("times out an HTTP call and reports the attempt's limit", async () => {
    const action = actionRunning(async (ctx) =>
      ctx.http.request({ method: "GET", url: "/slow/3000" }),
    );
    const err = await failure(executeAction(action, { name: "a" }, options({ timeoutMs: 150 })));
    expect(err).toMatchObject({ errorClass: "timeout", message: "Timed out after 150 ms" });
  });

  it("cancels a running attempt, and the action sees the abort", async () => {
    const controller = new AbortController();
    let seenAbort = false;
    const action = actionRunning(
      (ctx) =>
        new Promise((_, reject) =>
          ctx.signal.addEventListener("abort", () => {
            seenAbort = true;
            reject(new Error("aborted"));
          }),
        ),
    );
    const pending = executeAction(action, { name: "a" }, options({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    expect(await failure(pending)).toMatchObject({ errorClass: "cancelled", retryable: false });
    expect(seenAbort).toBe(true);
  });

  it("does not start an attempt that is already cancelled", async () => {
    let ran = false;
    const action = actionRunning(async () => {
      ran = true;
      return { greeting: "" };
    });
    const err = await failure(
      executeAction(action, { name: "a" }, options({ signal: AbortSignal.abort() })),
    );
    expect(err.errorClass).toBe("cancelled");
    expect(ran).toBe(false);
  });

  it("hands the action an HTTP client bound to the idempotency key and base URL", async () => {
    const action = actionRunning(async (ctx) => {
      const res = await ctx.http.request({ method: "POST", url: "/echo", json: {} });
      return {
        greeting: String(
          (res.body as { headers: Record<string, string> }).headers["idempotency-key"],
        ),
      };
    });
    await expect(
      executeAction(action, { name: "a" }, options({ idempotencyKey: "r9:n2:3" })),
    ).resolves.toEqual({
      greeting: "r9:n2:3",
    });
  });

  it("applies the egress guard unless private network access is allowed", async () => {
    const action = actionRunning(async (ctx) => ctx.http.request({ method: "GET", url: "/echo" }));
    const err = await failure(
      executeAction(action, { name: "a" }, options({ allowPrivateNetwork: false })),
    );
    expect(err.errorClass).toBe("input_validation");
    expect(api.requests).toHaveLength(0);
  });
});
