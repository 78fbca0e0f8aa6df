// The demo OAuth provider's own sign-in and consent pages, in place of oidc-provider's
// development ones (unstyled, and they load a web font from the internet). Any login and
// password sign in; "Continue" grants what the app asked for, "Cancel" denies it.
//
//   GET  /interaction/:uid          the page the current prompt needs (login or consent)
//   POST /interaction/:uid/login    login=…&password=…
//   POST /interaction/:uid/confirm  grants the missing scopes
//   POST /interaction/:uid/abort    access_denied back to the app
import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import type { InteractionDetails as Details } from "oidc-provider";
import { escapeHtml as esc } from "../escape-html";
import { DEMO_ICON } from "./demo-index";

const ROUTE = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/;

/** Where oidc-provider sends the browser for an interaction (its `interactions.url`). */
export const interactionPath = (uid: string) => `/interaction/${uid}`;

/** What each demo scope lets the app do, in the words the consent page uses. */
const SCOPE_WORDS: Record<string, string> = {
  "chat:read": "Read channels and messages in Demo Chat",
  "chat:write": "Post messages in Demo Chat",
  "tracker:read": "Read issues in Demo Tracker",
  "tracker:write": "Open issues and comment in Demo Tracker",
  offline_access: "Keep access while you are away",
};

/** Handles the request if it is an interaction route; false leaves it to the provider. */
export async function handleInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const match = ROUTE.exec(new URL(req.url ?? "/", "http://demo").pathname);
  if (!match) return false;
  const step = match[2];
  try {
    const details = await provider.interactionDetails(req, res);
    if (step === undefined && req.method === "GET") {
      page(res, details.prompt.name === "login" ? loginPage(details) : consentPage(details));
    } else if (step === "login" && req.method === "POST") {
      const login = new URLSearchParams(await readBody(req)).get("login")?.trim() || "demo-user";
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: login } },
        { mergeWithLastSubmission: false },
      );
    } else if (step === "confirm" && req.method === "POST") {
      await provider.interactionFinished(req, res, {
        consent: { grantId: await grant(provider, details) },
      });
    } else if (step === "abort" && req.method === "POST") {
      const denied = { error: "access_denied", error_description: "The user cancelled" };
      await provider.interactionFinished(req, res, denied, { mergeWithLastSubmission: false });
    } else {
      page(res, card("Not found", "<p>There is no such page.</p>"), 404);
    }
  } catch (err) {
    // Mostly an expired or already finished interaction: say so instead of a stack trace.
    const message = err instanceof Error ? err.message : String(err);
    page(
      res,
      card("This sign-in has ended", `<p>${esc(message)}</p><p>Start again from Switchyard.</p>`),
      400,
    );
  }
  return true;
}

/** What oidc-provider's own development consent does: grant exactly what is missing. */
async function grant(provider: Provider, details: Details): Promise<string> {
  const { prompt, params, session, grantId } = details;
  const found = grantId ? await provider.Grant.find(grantId) : undefined;
  const grant =
    found ?? new provider.Grant({ accountId: session?.accountId, clientId: params.client_id });
  const missing = prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(" "));
  }
  return grant.save();
}

/** oidc-provider's error page (`renderError`), in the same look; `out` is error and description. */
export function errorPage(out: Record<string, unknown>): string {
  const lines = Object.entries(out).map(
    ([key, value]) => `<p><strong>${esc(key)}</strong>: ${esc(String(value))}</p>`,
  );
  return card("Something went wrong", lines.join("\n"));
}

function loginPage({ uid }: Details): string {
  return card(
    "Sign in to the demo world",
    `<p class="muted">This is the demo OAuth provider: any name and password work.</p>
<form method="post" action="${interactionPath(uid)}/login" autocomplete="off">
<input type="hidden" name="prompt" value="login">
<label>Name<input name="login" required autofocus placeholder="ada"></label>
<label>Password<input name="password" type="password" required></label>
<button type="submit" class="primary">Sign in</button>
</form>`,
  );
}

function consentPage({ uid, params, session }: Details): string {
  const scopes = String(params.scope ?? "")
    .split(/\s+/)
    .filter((scope) => scope in SCOPE_WORDS);
  const items = scopes.map((scope) => `<li>${esc(SCOPE_WORDS[scope]!)}</li>`).join("");
  return card(
    "Allow Switchyard?",
    `<p>Signed in as <strong>${esc(session?.accountId ?? "")}</strong>. Switchyard asks to:</p>
<ul>${items || "<li>Know who you are</li>"}</ul>
<div class="actions">
<form method="post" action="${interactionPath(uid)}/confirm"><button type="submit" class="primary" autofocus>Continue</button></form>
<form method="post" action="${interactionPath(uid)}/abort"><button type="submit">Cancel</button></form>
</div>`,
  );
}

function card(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="${DEMO_ICON}">
<title>${esc(title)} — Demo world</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; background: #f1f5f9; color: #0f172a; margin: 0; padding: 3rem 1rem; }
main { max-width: 22rem; margin: 0 auto; background: #fff; border-radius: 0.75rem; padding: 1.5rem; box-shadow: 0 1px 3px rgb(0 0 0 / 0.1); border: 1px solid #e2e8f0; }
.brand { font-size: 0.8rem; font-weight: 600; letter-spacing: 0.05em; text-transform: uppercase; color: #4f46e5; margin: 0 0 0.5rem; }
h1 { font-size: 1.35rem; margin: 0 0 0.75rem; }
.muted { color: #64748b; font-size: 0.85rem; }
label { display: block; font-size: 0.85rem; font-weight: 500; margin-bottom: 0.75rem; }
input { display: block; box-sizing: border-box; width: 100%; margin-top: 0.25rem; padding: 0.45rem 0.6rem; font: inherit; border: 1px solid #cbd5e1; border-radius: 0.4rem; }
button { font: inherit; font-weight: 500; padding: 0.45rem 1rem; border-radius: 0.4rem; border: 1px solid #cbd5e1; background: #fff; cursor: pointer; }
button.primary { background: #4f46e5; border-color: #4f46e5; color: #fff; }
form > button.primary { width: 100%; }
/* Continue comes first in the page (the default form), Cancel is shown to its left. */
.actions { display: flex; flex-direction: row-reverse; gap: 0.5rem; }
</style>
</head>
<body>
<main>
<p class="brand">Demo world</p>
<h1>${esc(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

function page(res: ServerResponse, html: string, status = 200) {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
  });
  res.end(html);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 10_000) break;
  }
  return text;
}
