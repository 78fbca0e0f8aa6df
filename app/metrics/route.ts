import { loadWorkerConfig } from "../../worker/config";
import { createMetricsRegistry } from "../../worker/metrics/registry";
import { db } from "../_lib/db";

// Prometheus scrape endpoint. Values come from Postgres at scrape time, so any
// web replica serves cluster-wide numbers; keep it off the public internet
// (see docs/deploy.md) — it reveals connector names and volumes, no secrets.
export const dynamic = "force-dynamic";

let registry: ReturnType<typeof createMetricsRegistry> | undefined;

export async function GET() {
  registry ??= createMetricsRegistry(db(), {
    workerDeadAfterMs: loadWorkerConfig().workerDeadAfterMs,
  });
  try {
    return new Response(await registry.scrape(), {
      headers: { "content-type": registry.contentType },
    });
  } catch {
    return new Response("# database unavailable\n", { status: 503 });
  }
}
