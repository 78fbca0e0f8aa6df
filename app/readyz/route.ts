import { checkReadiness } from "../../worker/metrics/readiness";
import { db } from "../_lib/db";

// Readiness: take this replica out of the load balancer while Postgres or the
// job queue is unreachable, without restarting it (that is what /healthz is for).
export const dynamic = "force-dynamic";

export async function GET() {
  const readiness = await checkReadiness(db());
  if (readiness.ready) return Response.json({ status: "ready" });
  return Response.json({ status: readiness.reason }, { status: 503 });
}
