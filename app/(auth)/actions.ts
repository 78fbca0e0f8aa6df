"use server";

import { isAPIError } from "better-auth/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { auth } from "../_lib/auth";

export interface AuthFormState {
  error?: string;
  /** Sign-up with email verification on: where to look next, instead of the home page. */
  notice?: string;
  /** What was typed, so a failed attempt does not clear the form. */
  values?: { name?: string; email?: string };
}

const signUpForm = z.object({
  name: z.string().trim().min(1, "Enter your name"),
  email: z.email("Enter a valid email address"),
  // Its length and commonness are checked by the password policy (app/_server/auth).
  password: z.string().min(1, "Choose a password"),
});

const signInForm = z.object({
  email: z.email("Enter a valid email address"),
  password: z.string().min(1, "Enter your password"),
});

function failure(err: unknown): string {
  // better-auth's messages are written for end users ("Invalid email or password"), and ours
  // (limits, password policy) replace those that would say too much (app/_server/auth).
  // Not `instanceof`: the auth instance may have been made by a route handler, whose bundle
  // has its own copy of the class.
  if (isAPIError(err)) return err.body?.message ?? err.message;
  console.error(err);
  return "Something went wrong; see the server log.";
}

export async function signUpAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const values = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? "") };
  const parsed = signUpForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message, values };
  try {
    // The user's workspace is made by the user-create hook in _lib/auth.ts.
    const created = await auth().api.signUpEmail({ body: parsed.data, headers: await headers() });
    // No session: the address must be confirmed first (the same answer when it has an account).
    if (!created.token) {
      return {
        notice: `Check your inbox: we have sent a link to ${parsed.data.email} to confirm the address. Then sign in.`,
        values,
      };
    }
  } catch (err) {
    return { error: failure(err), values };
  }
  redirect("/");
}

export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const values = { email: String(form.get("email") ?? "") };
  const parsed = signInForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message, values };
  try {
    await auth().api.signInEmail({ body: parsed.data, headers: await headers() });
  } catch (err) {
    return { error: failure(err), values };
  }
  redirect("/");
}

export async function signOutAction(): Promise<void> {
  await auth().api.signOut({ headers: await headers() });
  redirect("/sign-in");
}
