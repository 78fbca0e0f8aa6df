import { NextResponse, type NextRequest } from "next/server";
import { edgeSettings } from "./app/_lib/edge-settings";
import {
  newNonce,
  pageContentSecurityPolicy,
  referrerPolicyFor,
  SERVER_ACTION_MAX_BODY_BYTES,
} from "./app/_lib/page-security";
import { publicOrigin } from "./app/_lib/public-origin";
import { readLimitedText } from "./app/_lib/request-body";
import { foreignOriginProblem, isWriteMethod } from "./app/_lib/same-origin";
import { baseSecurityHeaders } from "./worker/http/security-headers";

// Runs before every page (not the API, whose bodies it would buffer, nor static files:
// next.config.ts gives those their headers). It sets the security headers with a fresh
// script nonce per request, and answers what Next.js itself would abort with a 500: a
// form post or server-action call from another origin (403) or over the body limit (413).
export async function proxy(request: NextRequest) {
  const origin = publicOrigin(request);
  const headers = {
    ...baseSecurityHeaders({ hsts: edgeSettings().hsts }),
    "referrer-policy": referrerPolicyFor(request.nextUrl.pathname),
  };
  if (isWriteMethod(request.method)) {
    const refusal = await pageWriteRefusal(request, origin);
    if (refusal) {
      const { status, ...error } = refusal;
      return NextResponse.json({ error }, { status, headers });
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

async function pageWriteRefusal(request: NextRequest, origin: string) {
  const foreign = foreignOriginProblem(request.headers, origin);
  if (foreign) return { status: 403, code: "forbidden", message: foreign };
  // Next.js hands the proxy its own copy of the body (next.config.ts bounds it).
  try {
    await readLimitedText(request, SERVER_ACTION_MAX_BODY_BYTES);
  } catch {
    return {
      status: 413,
      code: "payload_too_large",
      message: `The form is larger than ${SERVER_ACTION_MAX_BODY_BYTES} bytes (the limit)`,
    };
  }
  return null;
}

export const config = {
  matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico|icon.svg).*)"],
};
