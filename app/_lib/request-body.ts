import { storableProblem } from "../../prisma/storable";
import { AppError } from "../../worker/errors";
import { edgeSettings } from "./edge-settings";

// Request bodies at the web app's edge: read as a stream and given up at the size cap
// (Content-Length may lie or be absent), then parsed as JSON and checked for nesting
// depth and NUL characters before anything walks or stores them.

/** The body as text, refusing (413) as soon as it passes `maxBytes`. */
export async function readLimitedText(
  request: Request,
  maxBytes: number = edgeSettings().maxBodyBytes,
): Promise<string> {
  const tooLarge = () =>
    new AppError("payload_too_large", `The body is larger than ${maxBytes} bytes (the limit)`);
  const declared = Number(request.headers.get("content-length") ?? undefined);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A JSON body (an empty one is {}), bounded in size and nesting; AppError otherwise. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await readLimitedText(request);
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("invalid_input", "The body is not valid JSON");
  }
  assertStorable(value);
  return value;
}

/** Throws invalid_input when `value` nests too deep or holds a NUL character. */
export function assertStorable(value: unknown): void {
  const problem = storableProblem(value);
  if (problem) throw new AppError("invalid_input", problem.message);
}
