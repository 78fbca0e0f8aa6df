import { AppError } from "../../worker/errors";

// Cross-site request forgery: a browser sends its session cookie with a request another
// site's page makes (a form post, a `text/plain` fetch that needs no preflight). Writes a
// session authenticates must therefore come from the app's own origin (Origin, or Referer
// where a browser sends no Origin) and, for the REST API, be JSON: a cross-site page can
// only send JSON after a CORS preflight, which this app never grants.

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function isWriteMethod(method: string): boolean {
  return WRITE_METHODS.has(method.toUpperCase());
}

/** Why the request's claimed origin is not `ownOrigin`, or null when it is. */
export function foreignOriginProblem(headers: Headers, ownOrigin: string): string | null {
  const claimed = headers.get("origin") ?? originOf(headers.get("referer"));
  if (!claimed) {
    return "The request says neither where it comes from (Origin) nor which page sent it (Referer); send it from this app's pages, or use an API key";
  }
  if (claimed === ownOrigin) return null;
  return `Requests signed in with a browser session must come from this app's own pages (${ownOrigin}); use an API key to call from elsewhere`;
}

/** Why the body is not declared as JSON, or null when it is. */
export function nonJsonProblem(headers: Headers): string | null {
  const type = (headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) return null;
  return "Send the request as JSON (Content-Type: application/json), even without a body";
}

/**
 * For a REST call a session cookie authenticated: writes from another origin are
 * forbidden (403), writes not declared as JSON unsupported (415). Reads pass.
 */
export function assertSessionWriteAllowed(request: Request, ownOrigin: string): void {
  if (!isWriteMethod(request.method)) return;
  const foreign = foreignOriginProblem(request.headers, ownOrigin);
  if (foreign) throw new AppError("forbidden", foreign);
  const nonJson = nonJsonProblem(request.headers);
  if (nonJson) throw new AppError("unsupported_media_type", nonJson);
}

function originOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const { origin } = new URL(url);
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}
