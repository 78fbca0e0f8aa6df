import Link from "next/link";
import type { BranchStatus } from "../../worker/engine/branches";
import { BranchStrip } from "./branch-strip";

export interface RunRow {
  id: string;
  automationName: string;
  status: string;
  generation: number;
  startedAt: Date;
  branches: { rootNodeId: string; status: BranchStatus }[];
}

/** Runs with a per-branch strip; used by the runs list and an automation's page. */
export function RunsTable({ runs }: { runs: RunRow[] }) {
  if (runs.length === 0) {
    return <p className="card text-sm text-slate-600">No runs yet.</p>;
  }
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th>Run</th>
            <th>Automation</th>
            <th>Status</th>
            <th>Branches</th>
            <th>Gen.</th>
            <th>Started</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-run-id={run.id}>
              <td>
                <Link href={`/runs/${run.id}`}>{run.id.slice(0, 8)}</Link>
              </td>
              <td>{run.automationName}</td>
              <td className={`state-${run.status}`}>{run.status.replace("_", " ")}</td>
              <td>
                <BranchStrip branches={run.branches} />
              </td>
              <td>{run.generation}</td>
              <td className="whitespace-nowrap">
                {run.startedAt.toISOString().replace("T", " ").slice(0, 19)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
