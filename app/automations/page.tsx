import Link from "next/link";
import { runOutcomeWords } from "../../worker/names";
import { currentActor } from "../_lib/actor";
import { db } from "../_lib/db";
import { listAutomationsForUi } from "../_server/ui/automations";

export const dynamic = "force-dynamic";

export default async function AutomationsPage() {
  const automations = await listAutomationsForUi(db(), await currentActor());
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1>Automations</h1>
        <Link href="/automations/new" className="button button-primary">
          New automation
        </Link>
      </div>
      {automations.length === 0 ? (
        <p className="card text-sm text-slate-600">
          No automations yet. Create one: a trigger, then steps joined by dependent or independent
          edges.
        </p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Status</th>
                <th>Version</th>
                <th>Last run</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {automations.map((a) => (
                <tr key={a.id} data-automation-id={a.id}>
                  <td className="min-w-32 wrap-anywhere">
                    <Link href={`/automations/${a.id}`}>{a.name}</Link>
                  </td>
                  <td>{a.status}</td>
                  <td>{a.latestVersion ? `v${a.latestVersion.number}` : "—"}</td>
                  <td>
                    {a.lastRun ? (
                      <Link href={`/runs/${a.lastRun.id}`} className={`state-${a.lastRun.status}`}>
                        {runOutcomeWords(a.lastRun.status)}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="min-w-32 wrap-anywhere">
                    <Link href={`/automations/${a.id}/edit`}>Edit {a.name}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
