import { render } from "@react-email/render";
import { createElement } from "react";
import { enqueueEmail } from "../../../worker/mail/outbox";
import { AccountEmail, type AccountEmailInput } from "../../../worker/mail/templates/account-email";
import { db } from "../../_lib/db";

// Emails about a person's own account, sent through the outbox like every other email (the
// worker delivers them over SMTP). They belong to no workspace, so they appear in no one's
// mailbox: the link in them is for the recipient alone.

async function enqueueAccountEmail(to: string, kind: string, input: AccountEmailInput) {
  const text = [
    input.body,
    "",
    `${input.action.label}: ${input.action.url}`,
    "",
    input.footnote,
  ].join("\n");
  const html = await render(createElement(AccountEmail, { input }));
  await db().$transaction((tx) =>
    enqueueEmail(
      tx,
      { workspaceId: null, kind, to: [to], subject: input.title, text, html },
      new Date(),
    ),
  );
}

/** The link that confirms a new account's address (SWITCHYARD_REQUIRE_EMAIL_VERIFICATION). */
export function enqueueConfirmationEmail(to: string, url: string): Promise<void> {
  return enqueueAccountEmail(to, "confirm_email", {
    title: "Confirm your email address for Switchyard",
    body: "Confirm that this address is yours to finish creating your Switchyard account.",
    action: { label: "Confirm my address", url },
    footnote:
      "The link works for one hour. If you did not create an account, ignore this email: nothing happens without the confirmation.",
  });
}

/** Someone tried to sign up with an address that already has an account. */
export function enqueueExistingAccountNotice(to: string, signInUrl: string): Promise<void> {
  return enqueueAccountEmail(to, "existing_account", {
    title: "You already have a Switchyard account",
    body: "Someone, maybe you, tried to create a Switchyard account with this address. You already have one: sign in instead.",
    action: { label: "Sign in", url: signInUrl },
    footnote: "If it was not you, you can ignore this email: your account is unchanged.",
  });
}
