/**
 * The origin users reach the app at, for OAuth redirect URIs and links:
 * SWITCHYARD_PUBLIC_URL when set (behind a proxy), else the request's Host.
 * (Next's dev server reports request.url as localhost even when served on
 * 127.0.0.1, which would not match a registered redirect URI.)
 */
export function publicOrigin(request: Request): string {
  const configured = process.env.SWITCHYARD_PUBLIC_URL;
  if (configured) return new URL(configured).origin;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const proto =
    request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "");
  return host ? `${proto}://${host}` : new URL(request.url).origin;
}
