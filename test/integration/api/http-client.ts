// Small HTTP helpers for the API tests: sign up through better-auth's own
// endpoints (as a browser would, with its Origin), and call /api/v1 as a
// session or with an API key.

export type Credentials = { cookie: string } | { apiKey: string } | null;

export interface ApiResult {
  status: number;
  json: unknown;
  text: string;
}

export function authHeaders(credentials: Credentials): Record<string, string> {
  if (!credentials) return {};
  if ("cookie" in credentials) return { cookie: credentials.cookie };
  return { authorization: `Bearer ${credentials.apiKey}` };
}

export async function call(
  baseUrl: string,
  credentials: Credentials,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResult> {
  // A session's writes come from the app's own pages, as JSON (the CSRF check).
  const asPage = credentials !== null && "cookie" in credentials && method !== "GET";
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...authHeaders(credentials),
      ...(body === undefined && !asPage ? {} : { "content-type": "application/json" }),
      ...(asPage && { origin: new URL(baseUrl).origin }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON (an HTML error page): the status says enough
  }
  return { status: response.status, json, text };
}

/** POSTs to a better-auth endpoint; returns the response and its session cookie, if any. */
export async function authPost(webUrl: string, endpoint: string, body: unknown) {
  const response = await fetch(`${webUrl}/api/auth/${endpoint}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: webUrl },
    body: JSON.stringify(body),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => c && !c.endsWith("="))
    .join("; ");
  return { status: response.status, json: (await response.json()) as unknown, cookie };
}

/** Fills {param} placeholders of an OpenAPI path. */
export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return encodeURIComponent(value);
  });
}
