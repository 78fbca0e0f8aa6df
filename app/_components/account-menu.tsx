import { headers } from "next/headers";
import { signOutAction } from "../(auth)/actions";
import { auth } from "../_lib/auth";

/** The header's account corner: who is signed in and a sign-out button, or a sign-in link. */
export async function AccountMenu() {
  // Headers first: during `next build` they mark the page dynamic before auth() needs its secret.
  const requestHeaders = await headers();
  const session = await auth().api.getSession({ headers: requestHeaders });
  if (!session) {
    return (
      <a href="/sign-in" className="text-sm text-slate-200 hover:text-white">
        Sign in
      </a>
    );
  }
  return (
    <form action={signOutAction} className="ml-auto flex items-center gap-3 text-sm">
      <span className="text-slate-300">{session.user.name}</span>
      <button type="submit">Sign out</button>
    </form>
  );
}
