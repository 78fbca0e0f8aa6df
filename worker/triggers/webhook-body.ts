// Reading and parsing a webhook's body: bounded in size while it streams (a client
// cannot make us buffer more than the limit by lying in Content-Length or by omitting
// it), then JSON or form fields by Content-Type. Any field name a sender uses is kept as
// sent: form fields go into an object without a prototype (so `constructor` or
// `__proto__` are plain fields), and JSON.parse already makes "__proto__" an own property.
import type { Readable } from "node:stream";
import { storableProblem } from "../../prisma/storable";

export type BodyResult =
  { ok: true; raw: Buffer } | { ok: false; status: number; code: string; message: string };

/**
 * Reads a request body, giving up with 413 as soon as it passes maxBytes (the stream is
 * left paused: the caller answers with `Connection: close`), or before reading anything
 * when Content-Length already says so.
 */
export function readLimitedBody(
  body: Readable,
  declaredLength: string | undefined,
  maxBytes: number,
): Promise<BodyResult> {
  const declared = Number(declaredLength);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.resolve(tooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      body.off("data", onData).off("end", onEnd).off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      done();
      body.pause();
      resolve(tooLarge(maxBytes));
    };
    const onEnd = () => {
      done();
      resolve({ ok: true, raw: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    body.on("data", onData).on("end", onEnd).on("error", onError);
  });
}

function tooLarge(maxBytes: number): BodyResult {
  return {
    ok: false,
    status: 413,
    code: "payload_too_large",
    message: `The body is larger than ${maxBytes} bytes`,
  };
}

export type ParsedBody =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; status: number; code: string; message: string };

/**
 * The run's trigger payload: a JSON object as sent, form fields as an object (a repeated
 * field becomes an array); any other JSON value is wrapped as { body } so templates can
 * always read `trigger.<field>`. An empty body is {}. Refused (400): values nested deeper
 * than MAX_NESTING_DEPTH, and NUL characters.
 */
export function parseWebhookBody(raw: Buffer, contentType: string | null): ParsedBody {
  const parsed = parseByType(raw, contentType);
  const problem = parsed.ok ? storableProblem(parsed.payload) : null;
  if (problem?.kind === "too_deep") {
    return { ok: false, status: 400, code: "nesting_too_deep", message: problem.message };
  }
  if (problem) return { ok: false, status: 400, code: "invalid_body", message: problem.message };
  return parsed;
}

function parseByType(raw: Buffer, contentType: string | null): ParsedBody {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (raw.length === 0) return { ok: true, payload: {} };
  if (type === "application/json" || type.endsWith("+json")) {
    let value: unknown;
    try {
      value = JSON.parse(raw.toString("utf8"));
    } catch (err) {
      return { ok: false, status: 400, code: "invalid_json", message: (err as Error).message };
    }
    const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
    return { ok: true, payload: isObject ? (value as Record<string, unknown>) : { body: value } };
  }
  if (type === "application/x-www-form-urlencoded") {
    const payload = Object.create(null) as Record<string, string | string[]>;
    for (const [name, value] of new URLSearchParams(raw.toString("utf8"))) {
      const previous = payload[name];
      if (previous === undefined) payload[name] = value;
      else payload[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
    }
    return { ok: true, payload };
  }
  return {
    ok: false,
    status: 415,
    code: "unsupported_media_type",
    message: "Send application/json or application/x-www-form-urlencoded",
  };
}
