import { notFound } from "next/navigation";
import { AppError } from "../../../worker/errors";
import { getRun } from "../../../worker/runs/get-run";
import { db } from "../../_lib/db";

export const dynamic = "force-dynamic";

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const run = await getRun(db(), runId).catch((err) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  const rows = new Map(run.nodeRuns.map((r) => [r.nodeId, r]));
  return (
    <>
      <h1>
        {run.automation.name} — <span className={`state-${run.status}`}>{run.status}</span>
      </h1>
      <p>
        Run {run.id}, generation {run.generation}
      </p>
      <table>
        <thead>
          <tr>
            <th>Node</th>
            <th>State</th>
            <th>Blocked by</th>
            <th>Root cause</th>
            <th>Attempts</th>
          </tr>
        </thead>
        <tbody>
          {run.topo.order.map((nodeId) => {
            const row = rows.get(nodeId);
            if (!row) return null;
            const attempts = run.attempts.filter((a) => a.nodeId === nodeId);
            return (
              <tr key={nodeId}>
                <td>{nodeId}</td>
                <td className={`state-${row.state}`}>
                  {row.state}
                  {row.reason ? ` (${row.reason})` : ""}
                </td>
                <td>{row.blockedBy.join(", ")}</td>
                <td>{row.rootCause.join(", ")}</td>
                <td>
                  {attempts.map((a) => (
                    <div key={a.id}>
                      g{a.generation}#{a.number} {a.outcome ?? "running"}
                      {a.errorClass
                        ? ` — ${a.errorClass}${a.httpStatus ? ` ${a.httpStatus}` : ""}: ${a.message}`
                        : ""}
                    </div>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
