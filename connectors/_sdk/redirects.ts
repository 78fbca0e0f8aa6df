// Redirect following for the HTTP client, with the same rules as fetch. Each hop is
// dialled through the egress guard again by the client.
export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface OutgoingRequest {
  url: URL;
  method: HttpMethod;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

/**
 * The request to send next, or null when the response is not a redirect that can be
 * followed (not a redirect status, or no usable Location). 303, and 301/302 after a
 * POST, become a GET without body; credentials are not carried to another origin.
 */
export function nextRequest(
  prev: OutgoingRequest,
  status: number,
  location: string | string[] | undefined,
): OutgoingRequest | null {
  if (!REDIRECT_STATUSES.has(status) || typeof location !== "string") return null;
  if (!URL.canParse(location, prev.url)) return null;
  const url = new URL(location, prev.url);
  const headers = { ...prev.headers };
  let { method, body } = prev;
  if (
    (status === 303 && method !== "HEAD") ||
    ((status === 301 || status === 302) && method === "POST")
  ) {
    method = "GET";
    body = undefined;
    delete headers["content-type"];
    delete headers["content-length"];
  }
  if (url.origin !== prev.url.origin) for (const name of CREDENTIAL_HEADERS) delete headers[name];
  return { url, method, headers, body };
}
