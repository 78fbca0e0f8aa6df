import type { GateRecord } from "../_server/automations/gate-records";
import { RETIRE_AFTER_DECISIONS } from "../_server/automations/gate-records";
import { waitInWords } from "./wait-in-words";

/** Each count in the state palette of globals.css. */
const COUNTS = [
  ["approved", "state-succeeded"],
  ["rejected", "state-rejected"],
  ["expired", "state-skipped"],
  ["pending", "state-waiting_approval"],
] as const;

/**
 * R9 across runs: each approval gate of an automation, how often it was approved,
 * rejected, expired or is pending, and how long people took. A gate approved every
 * time gets a hint that it could go. Server-rendered, no client code.
 */
export function GateRecords({ gates }: { gates: GateRecord[] }) {
  return (
    <section className="card space-y-2" aria-labelledby="gate-records-heading" data-gate-records>
      <h2 id="gate-records-heading" className="mt-0">
        Approval gates
      </h2>
      {gates.length === 0 ? (
        <p className="muted" data-gate-records-empty>
          No approval gate has been reached yet. Each gate&apos;s decisions and waiting time show
          here once a run reaches it.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {gates.map((gate) => (
            <li
              key={gate.nodeId}
              className="space-y-1 py-2"
              data-gate-record={gate.nodeId}
              data-approved={gate.approved}
              data-rejected={gate.rejected}
              data-expired={gate.expired}
              data-pending={gate.pending}
            >
              <p>
                {/* Records outlive versions, so an unnamed gate is told apart by its id. */}
                <strong>{gate.name ?? "Unnamed approval"}</strong>
                <code className="ml-1 text-slate-500">{gate.nodeId}</code>
                {gate.inLatestVersion ? null : (
                  <span className="muted ml-1">(not in the latest version)</span>
                )}
              </p>
              <p className="text-sm">
                {COUNTS.map(([kind, palette], i) => (
                  <span key={kind}>
                    {i > 0 ? " · " : null}
                    <span className={palette}>
                      <span data-count={kind}>{gate[kind]}</span> {kind}
                    </span>
                  </span>
                ))}
                {" · "}
                <span data-median-wait>
                  {gate.medianWaitMs === null
                    ? "no decision yet"
                    : `median wait ${waitInWords(gate.medianWaitMs)}`}
                </span>
              </p>
              {gate.retireHint ? (
                <p className="notice warn my-1" data-retire-hint>
                  Approved every time over {gate.approved} decisions (at least{" "}
                  {RETIRE_AFTER_DECISIONS}): you could remove this gate to make the automation fully
                  automatic.
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
