// The only way an action talks to the network. It applies the egress guard, sends the
// attempt's idempotency key, follows redirects, bounds the response size, and turns every
// failure into a classified ConnectorError (R7).
import { errors as undiciErrors, request as undiciRequest, type Dispatcher } from "undici";
import type { ActionCredentials } from "./define";
import { assertHttpUrl, egressDispatcher } from "./egress";
import { ConnectorError } from "./errors";
import { nextRequest, type HttpMethod, type OutgoingRequest } from "./redirects";

export type { HttpMethod };

export type ResponseType = "json" | "text" | "auto";

export interface HttpClientOptions {
  /** Relative request URLs are appended to this (path joined, not WHATWG-resolved). */
  baseUrl?: string;
  headers?: Record<string, string>;
  /** Aborts every request and body read of this client. */
  signal: AbortSignal;
  idempotencyKey?: string;
  /** Header that carries `idempotencyKey`; null sends none. Default "Idempotency-Key". */
  idempotencyHeader?: string | null;
  allowPrivateNetwork: boolean;
  /**
   * Sent as `Authorization: Bearer <token or key>` on requests to the baseUrl's origin,
   * never to another host. A request's own Authorization header wins.
   */
  credentials?: ActionCredentials;
  userAgent?: string;
  /** Default 5 MB. A larger response fails the attempt. */
  maxResponseBytes?: number;
}

interface HttpRequestBase {
  method: HttpMethod;
  /** Absolute, or relative to the client's baseUrl. */
  url: string;
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
  /** "auto" (default): JSON when the content-type says so, else text; an empty body is null. */
  responseType?: ResponseType;
  /** Default true: a non-2xx status rejects with a classified ConnectorError. */
  throwOnHttpError?: boolean;
}

/** A JSON body (serialised, content-type set) or a raw one, never both. */
export type HttpRequest = HttpRequestBase &
  ({ json?: unknown; body?: undefined } | { json?: undefined; body?: string | Uint8Array });

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}

const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const ERROR_SNIPPET_CHARS = 300;
// Only the start of an error body is shown, so reading more would be waste.
const ERROR_BODY_READ_BYTES = 64 * 1024;

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const dispatcher = egressDispatcher(options.allowPrivateNetwork);
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const baseHeaders = lowerCaseKeys({
    "user-agent": options.userAgent ?? "Switchyard/0.1",
    ...options.headers,
  });
  const idempotencyHeader = options.idempotencyHeader ?? "idempotency-key";
  if (options.idempotencyKey !== undefined && options.idempotencyHeader !== null) {
    baseHeaders[idempotencyHeader.toLowerCase()] = options.idempotencyKey;
  }

  const auth = authorizationFor(options.credentials, options.baseUrl);

  return {
    async request(req) {
      let out = initialRequest(req, options.baseUrl, baseHeaders);
      if (auth && out.url.origin === auth.origin) {
        out.headers.authorization ??= auth.header;
      }
      try {
        for (let redirects = 0; ; redirects++) {
          assertHttpUrl(out.url);
          const res = await undiciRequest(out.url, {
            method: out.method,
            headers: out.headers,
            body: out.body,
            signal: options.signal,
            dispatcher,
          });
          const next = nextRequest(out, res.statusCode, res.headers.location);
          if (next === null || redirects === MAX_REDIRECTS) {
            return await readResponse(res, out.url, req, maxBytes);
          }
          await res.body.dump();
          out = next;
        }
      } catch (err) {
        throw classifyFailure(err, out.url, options.signal);
      }
    },
  };
}

function initialRequest(
  req: HttpRequest,
  baseUrl: string | undefined,
  baseHeaders: Record<string, string>,
): OutgoingRequest {
  const url = resolveUrl(req.url, baseUrl);
  for (const [name, value] of Object.entries(req.query ?? {}))
    url.searchParams.append(name, String(value));
  const headers = { ...baseHeaders };
  let body = req.body;
  if (req.json !== undefined) {
    body = JSON.stringify(req.json);
    headers["content-type"] = "application/json";
  }
  return {
    url,
    method: req.method,
    headers: { ...headers, ...lowerCaseKeys(req.headers ?? {}) },
    body,
  };
}

function authorizationFor(
  credentials: ActionCredentials | undefined,
  baseUrl: string | undefined,
): { origin: string; header: string } | undefined {
  if (credentials === undefined || baseUrl === undefined || !URL.canParse(baseUrl)) return;
  const secret = credentials.kind === "oauth2" ? credentials.accessToken : credentials.apiKey;
  return { origin: new URL(baseUrl).origin, header: `Bearer ${secret}` };
}

function resolveUrl(target: string, baseUrl: string | undefined): URL {
  const joined = URL.canParse(target)
    ? target
    : baseUrl === undefined
      ? undefined
      : `${baseUrl.replace(/\/+$/, "")}/${target.replace(/^\/+/, "")}`;
  if (joined === undefined || !URL.canParse(joined)) {
    throw new ConnectorError({
      errorClass: "input_validation",
      message: `Not a valid URL: ${target}`,
      retryable: false,
    });
  }
  return new URL(joined);
}

async function readResponse(
  res: Dispatcher.ResponseData,
  url: URL,
  req: HttpRequest,
  maxBytes: number,
): Promise<HttpResponse> {
  const status = res.statusCode;
  const headers = flattenHeaders(res.headers);
  if ((status < 200 || status > 299) && (req.throwOnHttpError ?? true)) {
    const { data } = await readBody(res.body, Math.min(maxBytes, ERROR_BODY_READ_BYTES));
    const snippet = toSnippet(data.toString("utf8"));
    const message = `HTTP ${status} from ${url.host}${snippet === "" ? "" : `: ${snippet}`}`;
    throw ConnectorError.fromHttpStatus(status, message, headers["retry-after"]);
  }
  const { data, complete } = await readBody(res.body, maxBytes);
  if (!complete) {
    throw ConnectorError.outputValidation(
      `${url.host} sent more than ${formatBytes(maxBytes)}, the response size limit`,
    );
  }
  return {
    status,
    headers,
    body: decodeBody(data, req.responseType ?? "auto", headers["content-type"], url),
  };
}

/** Reads at most `limit` bytes; past that the stream is dropped and `complete` is false. */
async function readBody(
  body: Dispatcher.ResponseData["body"],
  limit: number,
): Promise<{ data: Buffer; complete: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (size + chunk.length > limit) {
      body.destroy();
      chunks.push(chunk.subarray(0, limit - size));
      return { data: Buffer.concat(chunks), complete: false };
    }
    size += chunk.length;
    chunks.push(chunk);
  }
  return { data: Buffer.concat(chunks), complete: true };
}

// A body that arrived whole but does not parse will not parse on a retry either:
// truncation in transit surfaces as a socket error (retryable `network`) instead.
function decodeBody(
  raw: Buffer,
  type: ResponseType,
  contentType: string | undefined,
  url: URL,
): unknown {
  const text = raw.toString("utf8");
  const json = type === "json" || (type === "auto" && /[/+]json\b/i.test(contentType ?? ""));
  if (type === "auto" && text === "") return null;
  if (!json) return text;
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    throw ConnectorError.outputValidation(`${url.host} sent malformed JSON: ${toSnippet(text)}`);
  }
}

function classifyFailure(err: unknown, url: URL, signal: AbortSignal): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof Error && reason.name === "TimeoutError"
      ? ConnectorError.timeout()
      : ConnectorError.cancelled();
  }
  // Bad arguments (e.g. a header value with a newline) are the request's fault, not the network's.
  if (err instanceof undiciErrors.InvalidArgumentError) {
    return new ConnectorError({
      errorClass: "input_validation",
      message: `Invalid request: ${err.message}`,
      retryable: false,
    });
  }
  const detail = err instanceof Error ? err.message : String(err);
  return ConnectorError.network(`Could not reach ${url.host}: ${detail}`, err);
}

function flattenHeaders(headers: Dispatcher.ResponseData["headers"]): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

function toSnippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > ERROR_SNIPPET_CHARS ? `${flat.slice(0, ERROR_SNIPPET_CHARS)}…` : flat;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MB` : `${bytes} bytes`;
}
