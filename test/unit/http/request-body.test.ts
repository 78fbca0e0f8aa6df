import { describe, expect, it } from "vitest";
import { readJsonBody, readLimitedText } from "../../../app/_lib/request-body";
import { MAX_NESTING_DEPTH } from "../../../prisma/storable";
import { AppError } from "../../../worker/errors";

/** A body streamed in chunks, with no Content-Length (as a chunked upload sends it). */
function streamed(chunks: number, chunkBytes: number): { request: Request; pulled: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled += 1;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
    },
  });
  const request = new Request("http://app.test/api/v1/x", {
    method: "POST",
    body,
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => pulled };
}

const failure = async (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (err: unknown) => (err instanceof AppError ? { code: err.code, message: err.message } : err),
  );

describe("readLimitedText", () => {
  it("stops reading a stream at the cap (413) instead of buffering all of it", async () => {
    const { request, pulled } = streamed(1_000, 1024);
    expect(await failure(readLimitedText(request, 10 * 1024))).toEqual({
      code: "payload_too_large",
      message: expect.stringContaining("10240 bytes"),
    });
    expect(pulled()).toBeLessThan(20);
  });

  it("refuses a declared Content-Length over the cap before reading", async () => {
    const request = new Request("http://app.test/x", {
      method: "POST",
      body: "x".repeat(2048),
      headers: { "content-length": "2048" },
    });
    expect(await failure(readLimitedText(request, 1024))).toMatchObject({
      code: "payload_too_large",
    });
  });

  it("reads a body within the cap whole", async () => {
    const { request } = streamed(3, 100);
    expect(await readLimitedText(request, 300)).toHaveLength(300);
  });
});

describe("readJsonBody", () => {
  const post = (body: string) => new Request("http://app.test/x", { method: "POST", body });

  it("refuses nesting past the limit with invalid_input naming it", async () => {
    const deep = "[".repeat(5_000) + "]".repeat(5_000);
    expect(await failure(readJsonBody(post(deep)))).toEqual({
      code: "invalid_input",
      message: expect.stringContaining(`${MAX_NESTING_DEPTH} levels`),
    });
  });

  it("keeps a '__proto__' field as an own field", async () => {
    const value = (await readJsonBody(post('{"payload":{"__proto__":{"a":1}}}'))) as {
      payload: object;
    };
    expect(Object.keys(value.payload)).toEqual(["__proto__"]);
  });

  it("an empty body is {}; broken JSON is invalid_input", async () => {
    expect(await readJsonBody(post(""))).toEqual({});
    expect(await failure(readJsonBody(post("{")))).toMatchObject({ code: "invalid_input" });
  });
});
