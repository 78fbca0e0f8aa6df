"use client";

import { useActionState } from "react";
import { createApiKeyAction, type CreateKeyState } from "./actions";

/** Creates a key and shows it once, in a read-only field that is easy to select and copy. */
export function CreateKeyForm() {
  const [state, formAction, pending] = useActionState<CreateKeyState, FormData>(
    createApiKeyAction,
    {},
  );
  return (
    <>
      <form action={formAction}>
        {state.error ? (
          <p role="alert" className="notice error">
            {state.error}
          </p>
        ) : null}
        <label htmlFor="key-name">Key name</label>{" "}
        <input id="key-name" name="name" required maxLength={100} placeholder="e.g. CI deploys" />{" "}
        <button type="submit" disabled={pending}>
          Create key
        </button>
      </form>
      {state.created ? (
        <div role="status" className="notice ok">
          <p>
            <label htmlFor="new-key">New key “{state.created.name}”</label> — copy it now: it is
            shown only this once.
          </p>
          <input
            id="new-key"
            readOnly
            value={state.created.key}
            size={state.created.key.length}
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      ) : null}
    </>
  );
}
