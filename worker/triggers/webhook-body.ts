// Reading and parsing a webhook's body: bounded in size while it streams (a client
// cannot make us buffer more than the limit by lying in Content-Length or by omitting
// it), then JSON or form fields by Content-Type.
import { containsNulCharacter, NUL_CHARACTER_MESSAGE } from "../../prisma/storable";

export type BodyResult =
  { ok: true; raw: Buffer } | { ok: false; status: number; code: string; message: string };

export async function readLimitedBody(request: Request, maxBytes: number): Promise<BodyResult> {
  const tooLarge = {
    ok: false as const,
    status: 413,
    code: "payload_too_large",
    message: `The body is larger than ${maxBytes} bytes`,
  };
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge;
  if (!request.body) return { ok: true, raw: Buffer.alloc(0) };
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return tooLarge;
    }
    chunks.push(Buffer.from(value));
  }
  return { ok: true, raw: Buffer.concat(chunks) };
}

export type ParsedBody =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; status: number; code: string; message: string };

/**
 * The run's trigger payload: a JSON object as sent, form fields as an object (a repeated
 * field becomes an array); any other JSON value is wrapped as { body } so templates can
 * always read `trigger.<field>`. An empty body is {}.
 */
export function parseWebhookBody(raw: Buffer, contentType: string | null): ParsedBody {
  const parsed = parseByType(raw, contentType);
  if (parsed.ok && containsNulCharacter(parsed.payload)) {
    return { ok: false, status: 400, code: "invalid_body", message: NUL_CHARACTER_MESSAGE };
  }
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
    const payload: Record<string, unknown> = {};
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
