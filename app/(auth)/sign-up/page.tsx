import { signUpAction } from "../actions";
import { AuthForm } from "../auth-form";

export const metadata = { title: "Create account — Switchyard" };

export default function SignUpPage() {
  return (
    <>
      <h1>Create your account</h1>
      <AuthForm action={signUpAction} withName submitLabel="Create account" />
      <p>
        Already have an account? <a href="/sign-in">Sign in</a>
      </p>
    </>
  );
}
