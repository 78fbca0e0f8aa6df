import { loadWorkerConfig } from "../../worker/config";
import { DEFAULT_WORKER_GROUP } from "../../worker/engine/index";
import { readWorkerGroupStats } from "../../worker/groups/group-stats";
import { db } from "../_lib/db";

const count = (n: number, one: string, many: string) =>
  `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** Where steps run: each worker group, its live workers and its queue (docs/deploy.md). */
export async function WorkerGroups() {
  const groups = await readWorkerGroupStats(db(), loadWorkerConfig().workerDeadAfterMs);
  return (
    <section className="card mt-6" aria-label="Worker groups" data-worker-groups>
      <h2 className="font-semibold">Worker groups</h2>
      <p className="mt-1 text-sm text-slate-600">
        Steps run on the workers of their group; a step that names no group runs on the default
        group.
      </p>
      {groups.length === 0 ? (
        <p className="muted mt-1">No worker is running and no step is queued.</p>
      ) : (
        <table className="mt-2 w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr>
              <th className="font-normal">Group</th>
              <th className="font-normal">Workers</th>
              <th className="font-normal">Queue</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.group} data-group={g.group}>
                <td className="break-words">
                  {g.group === DEFAULT_WORKER_GROUP ? "Default group" : g.group}
                </td>
                <td className={g.workersAlive === 0 ? "text-red-700" : undefined}>
                  {g.workersAlive === 0
                    ? "no worker running"
                    : count(g.workersAlive, "worker running", "workers running")}
                </td>
                <td>
                  {count(g.stepsReady, "step waiting", "steps waiting")},{" "}
                  {count(g.stepsRunning, "running", "running")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
