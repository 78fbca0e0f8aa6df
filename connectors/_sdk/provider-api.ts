// Calls to a provider's JSON API. The response is checked against the shape the provider
// documents before an action maps it, and a failure carries the provider's own error
// message, classified like any HTTP failure (R7) unless the body says more than the status.
import type { z } from "zod";
import { ConnectorError, parseRetryAfter } from "./errors";
import type { HttpClient, HttpRequest } from "./http-client";

export interface ProviderError {
  message: string;
  /**
   * For APIs whose body says more than their status: Slack answers 200 with ok:false,
   * Facebook 400 for an expired token. Omitted: classified by the HTTP status.
   */
  kind?: "auth" | "rate_limit" | "unavailable" | "permanent";
}

export interface ProviderApi {
  /** Names the provider in error messages, e.g. "GitHub". */
  name: string;
  /** Sent with every request to this API (version pins, Accept). */
  headers?: Record<string, string>;
  /** The provider's error from an error body; undefined when the body is not its error shape. */
  parseError(body: unknown): ProviderError | undefined;
}

const SNIPPET_CHARS = 300;

/** Sends `req`; a 2xx JSON body is parsed with `response`, anything else throws. */
export async function callApi<S extends z.ZodType>(
  http: HttpClient,
  api: ProviderApi,
  req: HttpRequest,
  response: S,
): Promise<z.output<S>> {
  const res = await http.request({
    ...req,
    headers: { ...api.headers, ...req.headers },
    responseType: "text",
    throwOnHttpError: false,
  });
  const text = typeof res.body === "string" ? res.body : "";
  if (res.status < 200 || res.status > 299) {
    const error = api.parseError(parseJson(text)) ?? { message: snippet(text) || "no details" };
    throw providerError(api, res.status, error, res.headers["retry-after"]);
  }
  const body = parseJson(text);
  if (body === undefined) {
    throw ConnectorError.outputValidation(`${api.name} sent malformed JSON: ${snippet(text)}`);
  }
  return parseResponse(response, body);
}

/** Checks a provider response against its documented shape. */
export function parseResponse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw ConnectorError.outputValidation(parsed.error.issues);
  return parsed.data;
}

/** A provider's error as a classified ConnectorError, its message shown to the user. */
export function providerError(
  api: Pick<ProviderApi, "name">,
  status: number,
  error: ProviderError,
  retryAfterHeader?: string | null,
): ConnectorError {
  const ok = status >= 200 && status <= 299;
  const message = `${api.name}${ok ? "" : ` (HTTP ${status})`}: ${error.message}`;
  const kind = error.kind ?? (ok ? "permanent" : undefined);
  const common = { message, httpStatus: status };
  switch (kind) {
    case undefined:
      return ConnectorError.fromHttpStatus(status, message, retryAfterHeader);
    case "auth":
      return new ConnectorError({
        ...common,
        errorClass: "auth",
        retryable: false,
        authBroken: true,
      });
    case "rate_limit":
      return new ConnectorError({
        ...common,
        errorClass: "http_429",
        retryable: true,
        retryAfterMs: parseRetryAfter(retryAfterHeader ?? null, Date.now()),
      });
    case "unavailable":
      return new ConnectorError({ ...common, errorClass: "http_5xx", retryable: true });
    case "permanent":
      return new ConnectorError({ ...common, errorClass: "http_4xx", retryable: false });
  }
}

/** Joins a message and its details, skipping empty ones: "Validation Failed: title missing". */
export function joinMessages(...parts: ReadonlyArray<string | undefined>): string {
  const present = parts.filter((part): part is string => part !== undefined && part !== "");
  // "...was invalid." + "The text" reads "...was invalid: The text".
  return present
    .map((part, i) => (i < present.length - 1 ? part.replace(/[.:;]\s*$/, "") : part))
    .join(": ");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat;
}
