/**
 * The origin users reach the app at, for OAuth redirect URIs and links:
 * SWITCHYARD_PUBLIC_URL when set (behind a proxy), else the request's Host.
 * (Next's dev server reports request.url as localhost even when served on
 * 127.0.0.1, which would not match a registered redirect URI.)
 */
export function publicOrigin(request: Request): string {
  return publicOriginOf(request.headers, new URL(request.url));
}

/** The same from bare headers, for server components (which get no Request). */
export function publicOriginOf(headers: Headers, requestUrl?: URL): string {
  const configured = process.env.SWITCHYARD_PUBLIC_URL;
  if (configured) return new URL(configured).origin;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  const proto = headers.get("x-forwarded-proto") ?? requestUrl?.protocol.replace(":", "") ?? "http";
  if (host) return `${proto}://${host}`;
  return requestUrl?.origin ?? "";
}
