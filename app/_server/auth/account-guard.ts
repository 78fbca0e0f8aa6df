import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { clientAddress } from "../../_lib/client-address";
import { db } from "../../_lib/db";
import { passwordProblem } from "./password-policy";
import { addressSubject, minutesWords } from "./rate-limit-window";
import {
  ACCOUNT_EMAILS_PER_ADDRESS,
  ACCOUNT_EMAILS_PER_RECIPIENT,
  countAttempts,
  SIGN_IN_PER_ADDRESS,
  SIGN_IN_PER_EMAIL,
  SIGN_UP_PER_ADDRESS,
  uncountAttempts,
  type LimitCheck,
} from "./rate-limits";

// better-auth's before/after hooks, which run for its HTTP endpoints (/api/auth/*) and for
// the server actions' auth.api calls alike: the rate limits, the password policy, and
// answers that do not tell whether an account exists.

/** What sign-up answers for an address that already has an account (verification off). */
const SIGN_UP_REFUSED =
  "We could not create an account with these details. If you already have one, sign in instead.";

interface Guarded {
  /** Counted before the endpoint runs. */
  checks: LimitCheck[];
  /** What a refusal says before "Try again in …". */
  refusal: string;
  /** For sign-ins: the error codes that mean a wrong password (those attempts stay counted). */
  failedWith?: readonly string[];
  /** The body field holding a new password, checked against the policy. */
  newPassword?: string;
}

type Body = Record<string, unknown> | undefined;

function emailOf(body: Body): string | null {
  const email = body?.email;
  return typeof email === "string" ? email.trim().toLowerCase() : null;
}

function guardFor(
  path: string,
  body: Body,
  headers: Headers | undefined,
  options: { verification: boolean },
): Guarded | null {
  // Read only for the paths that count per address (every get-session passes here too).
  const byAddress = (rule: LimitCheck["rule"]) => ({
    rule,
    subject: addressSubject(clientAddress(headers ?? new Headers())),
  });
  const email = emailOf(body);
  const byEmail = (rule: LimitCheck["rule"]) => (email ? [{ rule, subject: email }] : []);
  switch (path) {
    case "/sign-in/email":
      return {
        checks: [byAddress(SIGN_IN_PER_ADDRESS), ...byEmail(SIGN_IN_PER_EMAIL)],
        refusal: "Too many sign-in attempts.",
        failedWith: ["INVALID_EMAIL_OR_PASSWORD"],
      };
    case "/sign-up/email":
      return {
        checks: [
          byAddress(SIGN_UP_PER_ADDRESS),
          // With verification on, every sign-up sends an email to the address given.
          ...(options.verification ? byEmail(ACCOUNT_EMAILS_PER_RECIPIENT) : []),
        ],
        refusal: "Too many sign-up attempts.",
        newPassword: "password",
      };
    case "/change-password":
      return {
        checks: [byAddress(SIGN_IN_PER_ADDRESS)],
        refusal: "Too many password attempts.",
        failedWith: ["INVALID_PASSWORD"],
        newPassword: "newPassword",
      };
    case "/reset-password":
      return { checks: [], refusal: "Too many password attempts.", newPassword: "newPassword" };
    case "/send-verification-email":
      return {
        checks: [byAddress(ACCOUNT_EMAILS_PER_ADDRESS), ...byEmail(ACCOUNT_EMAILS_PER_RECIPIENT)],
        refusal: "Too many emails asked for.",
      };
    default:
      return null;
  }
}

function tooMany(refusal: string, retryAfterMs: number): APIError {
  const seconds = Math.ceil(retryAfterMs / 1000);
  return new APIError(
    "TOO_MANY_REQUESTS",
    {
      code: "TOO_MANY_ATTEMPTS",
      message: `${refusal} Try again in ${minutesWords(retryAfterMs)}.`,
    },
    { "Retry-After": String(seconds) },
  );
}

export function accountGuardHooks(options: { verification: boolean }) {
  return {
    before: createAuthMiddleware(async (ctx) => {
      const body = ctx.body as Body;
      const guarded = guardFor(ctx.path, body, ctx.headers, options);
      if (!guarded) return;
      // Before counting: a refused new password is no attempt at anyone's account.
      const password = guarded.newPassword ? body?.[guarded.newPassword] : undefined;
      if (typeof password === "string") {
        const problem = await passwordProblem(password);
        if (problem) throw new APIError("BAD_REQUEST", { code: "WEAK_PASSWORD", message: problem });
      }
      if (guarded.checks.length > 0) {
        const outcome = await countAttempts(db(), guarded.checks, Date.now());
        if (!outcome.allowed) throw tooMany(guarded.refusal, outcome.retryAfterMs);
      }
    }),
    after: createAuthMiddleware(async (ctx) => {
      const body = ctx.body as Body;
      const guarded = guardFor(ctx.path, body, ctx.headers, options);
      if (!guarded) return;
      const returned = ctx.context.returned;
      const code = isAPIError(returned) ? (returned.body?.code as string | undefined) : undefined;
      if (guarded.failedWith && !(code && guarded.failedWith.includes(code))) {
        await uncountAttempts(db(), guarded.checks);
      }
      if (code === "USER_ALREADY_EXISTS" || code === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL") {
        // As long as creating an account would have taken (the password is hashed then).
        if (typeof body?.password === "string") await ctx.context.password.hash(body.password);
        throw new APIError("UNPROCESSABLE_ENTITY", {
          code: "ACCOUNT_NOT_CREATED",
          message: SIGN_UP_REFUSED,
        });
      }
      if (code === "EMAIL_NOT_VERIFIED") {
        throw new APIError("FORBIDDEN", {
          code: "EMAIL_NOT_VERIFIED",
          message:
            "Confirm your email address first: we have just sent you a new link. It works for one hour.",
        });
      }
    }),
  };
}
