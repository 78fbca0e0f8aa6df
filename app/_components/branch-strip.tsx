import type { BranchStatus } from "../../worker/engine/branches";
import type { NamedBranch } from "../_server/ui/types";

const COLOR: Record<BranchStatus, string> = {
  running: "bg-amber-400",
  failed: "bg-red-500",
  cancelled: "bg-slate-400",
  rejected: "bg-rose-300",
  skipped: "bg-slate-200",
  succeeded: "bg-emerald-500",
};

/** One coloured segment per branch of a run, so half-failed runs stand out in a list. */
export function BranchStrip({ branches }: { branches: NamedBranch[] }) {
  if (branches.length === 0) return <span className="muted">no branches</span>;
  return (
    <ul className="flex min-w-24 gap-0.5" aria-label="Branches">
      {branches.map((b) => (
        <li
          key={b.rootNodeId}
          data-branch={b.rootNodeId}
          data-branch-status={b.status}
          title={`${b.label}: ${b.statusWords}`}
          className={`h-3 flex-1 rounded-sm ${COLOR[b.status]}`}
        >
          <span className="sr-only">
            {b.label}: {b.statusWords}
          </span>
        </li>
      ))}
    </ul>
  );
}
