import { LIMIT_MAX, type ConnectionLimits } from "../../worker/connections/limits";
import { saveConnectionLimitsAction } from "./actions";

/** How many calls may go through one connection at once and per second or minute. */
export function LimitsForm(props: {
  connectionId: string;
  name: string;
  limits: ConnectionLimits;
}) {
  const { connectionId, name, limits } = props;
  const field = (suffix: string) => `limits-${connectionId}-${suffix}`;
  return (
    <details className="limits">
      <summary>Change limits</summary>
      <form action={saveConnectionLimitsAction} noValidate className="space-y-2" data-limits-form>
        <input type="hidden" name="connectionId" value={connectionId} />
        <p className="muted">
          Steps that would go over a limit wait for rate limit instead of calling, and go on as soon
          as there is room. Leave a field empty for no limit.
        </p>
        <label htmlFor={field("at-once")} className="block">
          Calls at once
        </label>
        <LimitInput
          id={field("at-once")}
          name="maxConcurrent"
          value={limits.maxConcurrent}
          label={`${name}: calls at once`}
        />
        <label htmlFor={field("rate")} className="block">
          Calls per
        </label>
        <span className="flex gap-2">
          <LimitInput
            id={field("rate")}
            name="rateCount"
            value={limits.rateLimit?.count ?? null}
            label={`${name}: calls per second or minute`}
          />
          <select
            name="ratePer"
            defaultValue={limits.rateLimit?.per ?? "second"}
            aria-label={`${name}: per second or minute`}
          >
            <option value="second">second</option>
            <option value="minute">minute</option>
          </select>
        </span>
        <button type="submit">Save limits</button>
      </form>
    </details>
  );
}

function LimitInput(props: { id: string; name: string; value: number | null; label: string }) {
  return (
    <input
      id={props.id}
      name={props.name}
      type="number"
      inputMode="numeric"
      min={1}
      max={LIMIT_MAX}
      step={1}
      defaultValue={props.value ?? ""}
      aria-label={props.label}
    />
  );
}
