import { pauseAction, resumeAction } from "./actions";

/** Pause (with the queue-or-refuse choice) or resume; a server form, no client code. */
export function PauseControls(props: {
  automationId: string;
  status: "active" | "paused";
  pausedReason: string | null;
  pausedAt: Date | null;
  queueWhilePaused: boolean;
}) {
  if (props.status === "paused") {
    return (
      <form action={resumeAction} className="card space-y-2" data-automation-status="paused">
        <input type="hidden" name="automationId" value={props.automationId} />
        <p role="status">
          Paused{props.pausedAt ? ` since ${props.pausedAt.toISOString()}` : ""}
          {props.pausedReason ? `: ${props.pausedReason}` : ""}.{" "}
          {props.queueWhilePaused
            ? "Arriving events are queued and run on resume."
            : "Arriving events are refused."}
        </p>
        <button type="submit" className="button-primary">
          Resume
        </button>
      </form>
    );
  }
  return (
    <form action={pauseAction} className="card space-y-2" data-automation-status="active">
      <input type="hidden" name="automationId" value={props.automationId} />
      <p>Active: triggers start runs.</p>
      <div className="flex items-center gap-2">
        <input
          id="queue-while-paused"
          name="queueWhilePaused"
          type="checkbox"
          defaultChecked={props.queueWhilePaused}
        />
        <label htmlFor="queue-while-paused">
          Queue events while paused (run them on resume; schedule ticks are skipped either way)
        </label>
      </div>
      <button type="submit" className="button">
        Pause
      </button>
    </form>
  );
}
