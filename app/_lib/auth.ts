import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { loadMailConfig } from "../../worker/mail/mail-config";
import { resolveActor } from "../_server/accounts/resolve-actor";
import {
  enqueueConfirmationEmail,
  enqueueExistingAccountNotice,
} from "../_server/auth/account-emails";
import { accountGuardHooks } from "../_server/auth/account-guard";
import { authSecret } from "./auth-secret";
import { db } from "./db";
import { emailVerificationRequired } from "./env";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-length";
import { publicOrigin } from "./public-origin";

function createAuth() {
  const verification = emailVerificationRequired();
  return betterAuth({
    secret: authSecret(),
    // Unset: better-auth derives it from each request (fine for same-origin forms).
    baseURL: process.env.SWITCHYARD_PUBLIC_URL || undefined,
    // Next's dev server reports request.url as localhost even on 127.0.0.1, so the
    // origin check compares against the Host the browser actually used.
    trustedOrigins: (request) => (request ? [publicOrigin(request)] : []),
    database: prismaAdapter(db(), { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      autoSignIn: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      // With it, sign-up answers alike whether or not the address has an account.
      requireEmailVerification: verification,
      onExistingUserSignUp: ({ user }) =>
        enqueueExistingAccountNotice(user.email, `${loadMailConfig().publicUrl}/sign-in`),
    },
    emailVerification: verification
      ? {
          sendOnSignUp: true,
          sendOnSignIn: true,
          autoSignInAfterVerification: true,
          sendVerificationEmail: ({ user, url }) => enqueueConfirmationEmail(user.email, url),
        }
      : undefined,
    // Ours (app/_server/auth) instead: persisted in Postgres, keyed on the trusted address,
    // and run for the server actions too. better-auth's own would believe X-Forwarded-For.
    rateLimit: { enabled: false },
    hooks: accountGuardHooks({ verification }),
    databaseHooks: {
      user: {
        create: {
          // Every account starts with a workspace of its own, as its owner.
          after: async (user) => {
            await resolveActor(db(), user);
          },
        },
      },
    },
    // Lets server actions (sign-in/up forms) set the session cookie.
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as typeof globalThis & { __switchyardAuth?: Auth };

/**
 * The better-auth instance, created on first use: DATABASE_URL and the secret
 * are read at request time, not when Next imports the module during a build.
 */
export function auth(): Auth {
  globalForAuth.__switchyardAuth ??= createAuth();
  return globalForAuth.__switchyardAuth;
}
