import { pendingApprovals } from "../../worker/approvals/approval-view";
import { HeldActions } from "../_components/held-actions";
import { currentActor } from "../_lib/actor";
import { db } from "../_lib/db";
import { decideFromInbox } from "./actions";

export const dynamic = "force-dynamic";

/** The workspace's approval requests still waiting, each with what approving would do. */
export default async function ApprovalsInbox(props: {
  searchParams: Promise<{ message?: string }>;
}) {
  const actor = await currentActor();
  const { message } = await props.searchParams;
  const pending = await pendingApprovals(db(), actor.workspaceId);
  return (
    <section className="space-y-4">
      <h1 className="text-xl font-semibold">Approvals</h1>
      {message ? <p role="status">{message}</p> : null}
      {pending.length === 0 ? <p>Nothing is waiting for a decision.</p> : null}
      {pending.map(({ request, automationName, gateName, held }) => (
        <article
          key={request.id}
          data-approval-request={request.id}
          className="space-y-2 rounded border p-3"
        >
          <h2 className="font-semibold">
            {automationName} — {gateName}
          </h2>
          <p>{request.message}</p>
          <p className="text-sm wrap-anywhere">
            Run <a href={`/runs/${request.runId}`}>{request.runId}</a>; approvers:{" "}
            {request.approvers.join(", ")}; expires {request.expiresAt.toISOString()}
          </p>
          <HeldActions held={held} />
          <form action={decideFromInbox.bind(null, request.id)} className="space-y-2">
            <label className="block">
              Comment
              <textarea name="comment" rows={2} className="block w-full" />
            </label>
            <button type="submit" name="decision" value="approve">
              Approve
            </button>{" "}
            <button type="submit" name="decision" value="reject">
              Reject
            </button>
          </form>
        </article>
      ))}
    </section>
  );
}
