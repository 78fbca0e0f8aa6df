import { db } from "./_lib/db";

export const dynamic = "force-dynamic";

export default async function RunsPage() {
  const runs = await db().run.findMany({
    orderBy: { createdAt: "desc" },
    take: 50,
    include: { automation: { select: { name: true } } },
  });
  return (
    <>
      <h1>Recent runs</h1>
      {runs.length === 0 ? (
        <p>
          No runs yet. Start one with{" "}
          <code>npm run switchyard -- run docs/examples/fan-out.json</code>.
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Run</th>
              <th>Automation</th>
              <th>Status</th>
              <th>Generation</th>
              <th>Started</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td>
                  <a href={`/runs/${run.id}`}>{run.id.slice(0, 8)}</a>
                </td>
                <td>{run.automation.name}</td>
                <td className={`state-${run.status}`}>{run.status}</td>
                <td>{run.generation}</td>
                <td>{run.startedAt.toISOString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
