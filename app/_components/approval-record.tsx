import { approvalsOfRun } from "../../worker/approvals/approval-view";
import { db } from "../_lib/db";

/** R9 on the run page: every approval request of the run and how it was decided. */
export async function ApprovalRecord({ runId }: { runId: string }) {
  const requests = await approvalsOfRun(db(), runId);
  if (requests.length === 0) return null;
  return (
    <section aria-label="Approvals" className="mt-6 space-y-2">
      <h2 className="text-lg font-semibold">Approvals</h2>
      <ul>
        {requests.map((r) => (
          <li key={r.id} data-approval-request={r.id} data-status={r.status}>
            <strong>{r.nodeId}</strong> (generation {r.generation}): {r.status}
            {r.decidedAt
              ? ` by ${r.decidedBy ?? "?"} at ${r.decidedAt.toISOString()} via ${r.channel ?? "?"}`
              : ` — waiting for ${r.approvers.join(", ")} until ${r.expiresAt.toISOString()}`}
            {r.comment ? <q className="ml-1">{r.comment}</q> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
