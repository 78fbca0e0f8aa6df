import Link from "next/link";
import { JsonBlock } from "../../../_components/json-block";
import { currentActor } from "../../../_lib/actor";
import { db } from "../../../_lib/db";
import { getAutomationForUi } from "../../../_server/ui/automations";
import { orNotFound } from "../../../_lib/or-not-found";

export const dynamic = "force-dynamic";

export default async function VersionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const automation = await orNotFound(getAutomationForUi(db(), await currentActor(), id));
  return (
    <>
      <h1>
        <Link href={`/automations/${id}`}>{automation.name}</Link>: versions
      </h1>
      {automation.versions.length === 0 ? (
        <p className="card text-sm">No version saved yet.</p>
      ) : null}
      <ol className="space-y-2">
        {automation.versions.map((v) => (
          <li key={v.id} className="card" data-version={v.number}>
            <details>
              <summary className="cursor-pointer">
                <strong>Version {v.number}</strong>{" "}
                <span className="muted">
                  saved {v.createdAt.toISOString().replace("T", " ").slice(0, 19)} ·{" "}
                  {v.graph.nodes.length} nodes, {v.graph.edges.length} edges
                </span>
              </summary>
              <div className="mt-2">
                <JsonBlock label={`Graph of version ${v.number}`} value={v.graph} />
              </div>
            </details>
          </li>
        ))}
      </ol>
    </>
  );
}
