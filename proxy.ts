import { NextResponse, type NextRequest } from "next/server";
import { edgeSettings } from "./app/_lib/edge-settings";
import { newNonce, pageContentSecurityPolicy, referrerPolicyFor } from "./app/_lib/page-security";
import { publicOrigin } from "./app/_lib/public-origin";
import { foreignOriginProblem, isWriteMethod } from "./app/_lib/same-origin";
import { baseSecurityHeaders } from "./worker/http/security-headers";

// Runs before every page (not the API, whose bodies it would buffer, nor static files:
// next.config.ts gives those their headers). It sets the security headers with a fresh
// script nonce per request, and refuses form posts and server-action calls from another
// origin with a 403 that says so (Next.js itself would abort them with a 500).
export function proxy(request: NextRequest) {
  const settings = edgeSettings();
  const origin = publicOrigin(request);
  const { pathname } = request.nextUrl;
  const headers = {
    ...baseSecurityHeaders({ hsts: settings.hsts }),
    "referrer-policy": referrerPolicyFor(pathname),
  };
  if (isWriteMethod(request.method)) {
    const foreign = foreignOriginProblem(request.headers, origin);
    if (foreign) {
      return NextResponse.json(
        { error: { code: "forbidden", message: foreign } },
        { status: 403, headers },
      );
    }
  }
  const policy = pageContentSecurityPolicy({
    nonce: newNonce(),
    dev: process.env.NODE_ENV === "development",
    https: origin.startsWith("https:"),
    nango: process.env.NANGO_SECRET_KEY
      ? {
          apiUrl: process.env.NANGO_HOST || "https://api.nango.dev",
          connectUrl: "https://connect.nango.dev",
        }
      : undefined,
  });
  // Next.js reads the nonce from the request's policy and puts it on its scripts.
  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico|icon.svg).*)"],
};
