// Answers of the demo APIs and the plumbing under them (body reading, sending).
import type http from "node:http";
import type { z } from "zod";

export const MAX_BODY_BYTES = 1024 * 1024;

export interface Reply {
  status: number;
  json?: unknown;
  html?: string;
  headers?: Record<string, string>;
}

export function ok(json: unknown): Reply {
  return { status: 200, json };
}

export function error(status: number, code: string, message: string): Reply {
  return { status, json: { error: code, message } };
}

export function unauthorized(message: string): Reply {
  return {
    ...error(401, "invalid_token", message),
    headers: { "www-authenticate": 'Bearer realm="switchyard-demo", error="invalid_token"' },
  };
}

export function notAllowed(allow: string): Reply {
  return { ...error(405, "method_not_allowed", `Allowed: ${allow}`), headers: { allow } };
}

export function invalid(err: z.ZodError): Reply {
  const message = err.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "body"}: ${issue.message}`)
    .join("; ");
  return error(422, "validation_failed", message);
}

export function normalisePath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

export function header(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function send(res: http.ServerResponse, reply: Reply, headOnly = false): void {
  const headers: Record<string, string> = {
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...reply.headers,
  };
  let body = "";
  if (reply.html !== undefined) {
    headers["content-type"] = "text/html; charset=utf-8";
    headers["content-security-policy"] =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
    body = reply.html;
  } else if (reply.json !== undefined) {
    headers["content-type"] = "application/json; charset=utf-8";
    body = JSON.stringify(reply.json);
  }
  res.writeHead(reply.status, headers);
  res.end(headOnly ? undefined : body);
}

/** The body as text; past MAX_BODY_BYTES the rest is drained and dropped. */
export function readBody(req: http.IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () =>
      resolve({ text: Buffer.concat(chunks).toString("utf8"), tooLarge: size > MAX_BODY_BYTES }),
    );
    req.on("error", reject);
  });
}
