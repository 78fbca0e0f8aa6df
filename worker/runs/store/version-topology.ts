import type { Topology } from "../../engine/index";
import { cachedTopology } from "../locked-run";
import { rows, type SqlClient } from "./sql";

/** The topology of an automation version (immutable, so cached per process). */
export function versionTopology(client: SqlClient, versionId: string): Promise<Topology> {
  return cachedTopology(versionId, async () => {
    const [version] = await rows<{ graph: unknown }>(
      client,
      "sy_version_graph",
      `SELECT graph FROM "AutomationVersion" WHERE id = $1`,
      [versionId],
    );
    if (!version) throw new Error(`Automation version ${versionId} not found`);
    return version.graph;
  });
}

/** The version a run is pinned to, for jobs enqueued before payloads named it. */
export async function runVersionId(client: SqlClient, runId: string): Promise<string | null> {
  const [run] = await rows<{ versionId: string }>(
    client,
    "sy_run_version",
    `SELECT "versionId" FROM "Run" WHERE id = $1`,
    [runId],
  );
  return run?.versionId ?? null;
}
