import { loadWorkerConfig } from "../../../../worker/config";
import { readWorkerGroupStats } from "../../../../worker/groups/group-stats";
import { withApi } from "../../../_lib/api";
import { db } from "../../../_lib/db";
import { apiRoutes } from "../_schemas/route-table";

export const dynamic = "force-dynamic";

// Cluster-wide, like /metrics: groups are the deployment's, not a workspace's.
export const GET = withApi(apiRoutes.listWorkerGroups, async () => ({
  groups: await readWorkerGroupStats(db(), loadWorkerConfig().workerDeadAfterMs),
}));
