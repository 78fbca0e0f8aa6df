import { approvalForToken } from "../../../../worker/approvals/approval-view";
import { decisionSentence } from "../../../../worker/names";
import { HeldActions } from "../../../_components/held-actions";
import { db } from "../../../_lib/db";
import { decideByToken } from "./actions";

export const dynamic = "force-dynamic";

// The link itself is the credential (single use, bound to one approver): no
// sign-in. Opening it decides nothing, so a mail scanner's GET is harmless.
export default async function ApprovalLinkPage(props: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ error?: string }>;
}) {
  const { token } = await props.params;
  const { error } = await props.searchParams;
  const view = await approvalForToken(db(), token, new Date());
  // A used link was used by its approver to decide: after deciding, this page says so.
  const refusal =
    view.kind === "invalid"
      ? "This approval link is not valid."
      : view.kind === "used"
        ? `This request was ${decisionSentence(view.request, "you")}.`
        : view.kind === "expired"
          ? `This link expired at ${view.expiresAt.toISOString()}.`
          : view.kind === "decided"
            ? `This request was already decided: it was ${decisionSentence(view.request)}.`
            : null;
  return (
    <section className="max-w-2xl space-y-4">
      <h1 className="text-xl font-semibold">Approval request</h1>
      {error ? (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      ) : null}
      {refusal !== null || view.kind !== "open" ? (
        <p role="status" data-approval-link={view.kind}>
          {refusal}
        </p>
      ) : (
        <>
          <p>{view.request.message}</p>
          <p>
            “{view.automationName}”, run{" "}
            <a href={`/runs/${view.request.runId}`}>{view.request.runId}</a>, is waiting at{" "}
            <strong>{view.gateName}</strong>. You are deciding as{" "}
            <strong>{view.approverEmail}</strong>; the link expires at{" "}
            {view.request.expiresAt.toISOString()}.
          </p>
          <h2 className="font-semibold">If approved, these actions will run</h2>
          <HeldActions held={view.held} />
          <form action={decideByToken.bind(null, token)} className="space-y-2">
            <label className="block">
              Comment (optional)
              <textarea name="comment" rows={2} className="block w-full" />
            </label>
            <button type="submit" name="decision" value="approve">
              Approve
            </button>{" "}
            <button type="submit" name="decision" value="reject">
              Reject
            </button>
          </form>
        </>
      )}
    </section>
  );
}
