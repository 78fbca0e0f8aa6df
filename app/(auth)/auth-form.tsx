"use client";

import { useActionState } from "react";
import { PASSWORD_MIN_LENGTH } from "../_lib/password-length";
import type { AuthFormState } from "./actions";

interface Props {
  action: (prev: AuthFormState, form: FormData) => Promise<AuthFormState>;
  withName: boolean;
  submitLabel: string;
}

/** The sign-up and sign-in form: labelled fields, the error announced inline. */
export function AuthForm({ action, withName, submitLabel }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="auth-form" noValidate>
      {state.error ? (
        <p role="alert" className="notice error">
          {state.error}
        </p>
      ) : null}
      {state.notice ? (
        <p role="status" className="notice ok">
          {state.notice}
        </p>
      ) : null}
      {withName ? (
        <p>
          <label htmlFor="name">Name</label>
          <input
            id="name"
            name="name"
            autoComplete="name"
            required
            defaultValue={state.values?.name}
          />
        </p>
      ) : null}
      <p>
        <label htmlFor="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={state.values?.email}
        />
      </p>
      <p>
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete={withName ? "new-password" : "current-password"}
          minLength={withName ? PASSWORD_MIN_LENGTH : undefined}
          required
        />
      </p>
      <button type="submit" disabled={pending}>
        {submitLabel}
      </button>
    </form>
  );
}
