import { Agent, fetch, FormData, type Response } from "undici";

// An HTTP client for the account pages that connects from a chosen loopback address
// (127.0.0.N), so a test can be several clients at once, and that submits the sign-in and
// sign-up forms the way a browser without JavaScript does: the page's server action, posted
// as the form's multipart body with the hidden fields React rendered into it.

export interface AuthClient {
  address: string;
  fetch(url: string, init?: Parameters<typeof fetch>[1]): Promise<Response>;
  close(): Promise<void>;
}

export function clientAt(address: string): AuthClient {
  const dispatcher = new Agent({ localAddress: address });
  return {
    address,
    fetch: (url, init) => fetch(url, { ...init, dispatcher }),
    close: () => dispatcher.close(),
  };
}

export interface FormAnswer {
  status: number;
  /** Where a successful submission redirects (303). */
  location: string | null;
  /** The form's error (role="alert") or notice (role="status"), as a person reads it. */
  message: string | null;
  cookie: string;
}

const decode = (text: string) =>
  text
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** Fills the form of /sign-in or /sign-up and submits it to the page's server action. */
export async function submitAuthForm(
  client: AuthClient,
  baseUrl: string,
  path: "/sign-in" | "/sign-up",
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<FormAnswer> {
  const page = await (await client.fetch(`${baseUrl}${path}`, { headers })).text();
  const form = new FormData();
  for (const input of page.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)) {
    form.append(decode(input[1] ?? ""), decode(input[2] ?? ""));
  }
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const response = await client.fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { origin: baseUrl, ...headers },
    body: form,
    redirect: "manual",
  });
  const html = await response.text();
  const shown = /<p role="(?:alert|status)"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1];
  return {
    status: response.status,
    location: response.headers.get("location"),
    message: shown === undefined ? null : decode(shown),
    cookie: sessionCookie(response),
  };
}

export interface ApiAnswer {
  status: number;
  retryAfter: string | null;
  json: { code?: string; message?: string; token?: string | null } | null;
  cookie: string;
}

/** POSTs JSON to a better-auth endpoint (/api/auth/<endpoint>), as the browser's client would. */
export async function postAuthApi(
  client: AuthClient,
  baseUrl: string,
  endpoint: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const response = await client.fetch(`${baseUrl}/api/auth/${endpoint}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl, ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: ApiAnswer["json"] = null;
  try {
    json = JSON.parse(text) as ApiAnswer["json"];
  } catch {
    // not JSON: the status says enough
  }
  return {
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    json,
    cookie: sessionCookie(response),
  };
}

function sessionCookie(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => c && !c.endsWith("="))
    .join("; ");
}
