import Link from "next/link";
import type { NamedBranch } from "../_server/ui/types";
import { BranchStrip } from "./branch-strip";
import { RefreshWhile } from "./refresh-while";

export interface RunRow {
  id: string;
  automationName: string;
  status: string;
  statusWords: string;
  generation: number;
  startedAt: Date;
  branches: NamedBranch[];
}

/** Runs with a per-branch strip, kept current while any runs; on the runs list and an automation's page. */
export function RunsTable({ runs }: { runs: RunRow[] }) {
  if (runs.length === 0) {
    return <p className="card text-sm text-slate-600">No runs yet.</p>;
  }
  return (
    <div className="table-scroll">
      <RefreshWhile active={runs.some((run) => run.status === "running")} />
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
              <td className="min-w-32 wrap-anywhere">{run.automationName}</td>
              <td className={`state-${run.status}`}>{run.statusWords}</td>
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
