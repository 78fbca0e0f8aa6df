import { signInAction } from "../actions";
import { AuthForm } from "../auth-form";

export const metadata = { title: "Sign in — Switchyard" };

export default function SignInPage() {
  return (
    <>
      <h1>Sign in</h1>
      <AuthForm action={signInAction} withName={false} submitLabel="Sign in" />
      <p>
        New here? <a href="/sign-up">Create an account</a>
      </p>
    </>
  );
}
