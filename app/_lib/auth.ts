import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { resolveActor } from "../_server/accounts/resolve-actor";
import { authSecret } from "./auth-secret";
import { db } from "./db";
import { publicOrigin } from "./public-origin";

function createAuth() {
  return betterAuth({
    secret: authSecret(),
    // Unset: better-auth derives it from each request (fine for same-origin forms).
    baseURL: process.env.SWITCHYARD_PUBLIC_URL || undefined,
    // Next's dev server reports request.url as localhost even on 127.0.0.1, so the
    // origin check compares against the Host the browser actually used.
    trustedOrigins: (request) => (request ? [publicOrigin(request)] : []),
    database: prismaAdapter(db(), { provider: "postgresql" }),
    emailAndPassword: { enabled: true, autoSignIn: true, minPasswordLength: 8 },
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
