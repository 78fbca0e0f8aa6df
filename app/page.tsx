import { RunsTable } from "./_components/runs-table";
import { currentActor } from "./_lib/actor";
import { db } from "./_lib/db";
import { listRunsForUi } from "./_server/ui/automations";

export const dynamic = "force-dynamic";

export default async function RunsPage() {
  const runs = await listRunsForUi(db(), await currentActor());
  return (
    <>
      <h1>Recent runs</h1>
      {runs.length === 0 ? (
        <p className="card text-sm text-slate-600">
          No runs yet. Build an automation under <a href="/automations">Automations</a> and start it
          by hand, or run <code>npm run switchyard -- run docs/examples/fan-out.json</code>.
        </p>
      ) : (
        <RunsTable runs={runs} />
      )}
    </>
  );
}
