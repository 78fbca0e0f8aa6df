import { JsonBlock } from "../../_components/json-block";
import type { ForEachItemsView } from "../../_server/ui/for-each-items";
import type { RunView } from "../../_server/ui/run-view";
import { ForEachItems } from "./for-each-items";

type Node = RunView["nodes"][number];

const time = (iso: string | null) => (iso ? iso.replace("T", " ").slice(0, 19) : "—");

/** One node of the run: state, why, every attempt, its (redacted) data, and a for-each's items. */
export function NodeCard({
  node,
  runId,
  items,
}: {
  node: Node;
  runId: string;
  /** A for-each's page of items. */
  items?: ForEachItemsView;
}) {
  return (
    <li className="card" data-node-id={node.id} data-state={node.state}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-semibold">
          {node.label}{" "}
          <span className="muted">
            {node.type === "foreach" ? "for each item" : (node.action ?? node.type)}
          </span>
        </h3>
        <span className={`text-sm font-medium state-${node.state}`}>{node.stateWords}</span>
      </div>
      {node.explanation ? (
        <p className="mt-1 text-sm text-slate-700" data-explanation>
          {node.explanation}
        </p>
      ) : null}
      {node.blockedBy.length > 0 ? (
        <p className="muted">
          Blocked by {node.blockedBy.join(", ")} · root cause {node.rootCause.join(", ")}
        </p>
      ) : null}
      {node.attempts.length > 0 ? (
        <div className="table-scroll mt-2">
          <table>
            <thead>
              <tr>
                <th>Attempt</th>
                <th>Outcome</th>
                <th>Error</th>
                <th>HTTP</th>
                <th>Started</th>
                <th>Ended</th>
              </tr>
            </thead>
            <tbody>
              {node.attempts.map((a) => (
                <tr key={a.id}>
                  <td>
                    g{a.generation} #{a.number}
                  </td>
                  <td>{a.outcome ?? "running"}</td>
                  <td>{a.errorWords ? `${a.errorWords}: ${a.message ?? ""}` : "—"}</td>
                  <td>{a.httpStatus ?? "—"}</td>
                  <td>{time(a.startedAt)}</td>
                  <td>{time(a.endedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {items ? <ForEachItems runId={runId} label={node.label} items={items} /> : null}
      {node.input !== null || node.output !== null ? (
        <details className="mt-2">
          <summary className="cursor-pointer text-sm text-indigo-700">Input and output</summary>
          <div className="mt-2 grid gap-2 md:grid-cols-2">
            <JsonBlock label="Input (secrets redacted)" value={node.input} />
            <JsonBlock label="Output (secrets redacted)" value={node.output} />
          </div>
        </details>
      ) : null}
    </li>
  );
}
