import type { HeldAction } from "../../worker/approvals/preview";

/** The preview of what approving lets happen: each held action and its rendered input. */
export function HeldActions({ held }: { held: HeldAction[] }) {
  if (held.length === 0) return <p>No action depends on this gate.</p>;
  return (
    <ul className="space-y-2" aria-label="Actions that will run if approved">
      {held.map((a) => (
        <li key={a.nodeId} data-held-action={a.nodeId}>
          <strong>{a.name}</strong> <code>{a.action}</code>
          <pre className="overflow-x-auto rounded bg-slate-100 p-2 text-xs">
            {JSON.stringify(a.input, null, 2)}
          </pre>
        </li>
      ))}
    </ul>
  );
}
