// Liveness: the process is up and serving. Deliberately touches nothing else, so an
// orchestrator does not restart healthy web processes while Postgres is down.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" });
}
