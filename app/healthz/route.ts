// Liveness: the process is up and serving. Deliberately touches nothing else, so an
// orchestrator does not restart healthy web processes while Postgres is down. It says
// which Node.js serves it (the project pins 24) and whether this is the production
// build or the dev server.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({
    status: "ok",
    node: process.version,
    mode: process.env.NODE_ENV === "production" ? "production" : "development",
  });
}
