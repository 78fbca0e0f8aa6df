import { approvalsOfRun } from "../../worker/approvals/approval-view";
import { decisionSentence } from "../../worker/names";
import { db } from "../_lib/db";

/** Every approval request of the run and how it was decided, in words. */
export async function ApprovalRecord({ runId }: { runId: string }) {
  const requests = await approvalsOfRun(db(), runId);
  if (requests.length === 0) return null;
  return (
    <section aria-label="Approvals" className="mt-6 space-y-2">
      <h2 className="text-lg font-semibold">Approvals</h2>
      <ul>
        {requests.map((r) => (
          <li key={r.id} data-approval-request={r.id} data-status={r.status}>
            <strong>{r.gateName}</strong> (generation {r.generation}):{" "}
            {r.decidedAt
              ? `${decisionSentence(r)}.`
              : `waiting for ${r.approvers.join(", ")} until ${r.expiresAt.toISOString()}.`}
          </li>
        ))}
      </ul>
    </section>
  );
}
