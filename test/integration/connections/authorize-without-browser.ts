// Plays the user's browser against startOAuthProvider's sign-in and consent pages with
// plain HTTP: follows redirects by hand (keeping cookies), signs in with any login, clicks
// "Continue" on the consent page, and stops at the redirect to the client's callback.
const FORM_ACTION = /<form[^>]*action="([^"]+)"/;

export async function authorizeWithoutBrowser(
  authorizationUrl: string,
  options: { redirectUri: string; login?: string },
): Promise<URL> {
  const cookies = new Map<string, string>();
  const send = async (url: URL, form?: Record<string, string>): Promise<Response> => {
    const response = await fetch(url, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join("; "),
        ...(form && { "content-type": "application/x-www-form-urlencoded" }),
      },
      ...(form && { body: new URLSearchParams(form).toString() }),
    });
    for (const header of response.headers.getSetCookie()) {
      const pair = header.split(";")[0] ?? "";
      const eq = pair.indexOf("=");
      cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  };

  let url = new URL(authorizationUrl);
  let form: Record<string, string> | undefined;
  for (let step = 0; step < 20; step += 1) {
    const response = await send(url, form);
    form = undefined;
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url);
      if (next.href.startsWith(options.redirectUri)) return next;
      url = next;
      continue;
    }
    const html = await response.text();
    const action = FORM_ACTION.exec(html)?.[1];
    if (response.status !== 200 || !action) {
      throw new Error(
        `Unexpected page at ${url.href} (HTTP ${response.status}): ${html.slice(0, 300)}`,
      );
    }
    url = new URL(action.replaceAll("&amp;", "&"), url);
    form = html.includes('name="prompt" value="login"')
      ? { prompt: "login", login: options.login ?? "alice", password: "any" }
      : { prompt: "consent" };
  }
  throw new Error("Too many steps before reaching the callback");
}
