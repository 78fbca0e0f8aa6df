"use client";

import type { ScheduleTriggerConfig } from "../../../worker/engine/types";
import { nextTick } from "../../../worker/triggers/next-tick";
import { Labeled } from "./labeled-input";
import type { Findings } from "./problems";

const PREVIEW_COUNT = 3;

/** The next ticks as the worker computes them (croner, in the schedule's zone); [] if invalid. */
function nextTicks(schedule: ScheduleTriggerConfig, count: number): Date[] {
  const ticks: Date[] = [];
  try {
    let after = new Date();
    while (ticks.length < count) {
      const tick = nextTick(schedule, after);
      if (!tick) break;
      ticks.push(tick);
      after = tick;
    }
  } catch {
    // A half-typed cron or zone: the validator explains it on save.
  }
  return ticks;
}

export function ScheduleSettings(props: {
  nodeId: string;
  schedule: ScheduleTriggerConfig;
  findings: Findings;
  onChange: (schedule: ScheduleTriggerConfig) => void;
}) {
  const { nodeId, schedule, findings, onChange } = props;
  const id = (field: string) => `${nodeId}-schedule-${field}`;
  const ticks = nextTicks(schedule, PREVIEW_COUNT);
  const format = (date: Date) =>
    date.toLocaleString("en-GB", {
      timeZone: schedule.timezone,
      dateStyle: "medium",
      timeStyle: "short",
    });
  return (
    <div className="space-y-3">
      <div className="grid gap-3 @2xl:grid-cols-2">
        <Labeled
          id={id("cron")}
          label="Cron expression"
          nodeId={nodeId}
          field="trigger.schedule.cron"
          findings={findings}
          help="5 fields (minute hour day month weekday), or 6 with seconds first."
        >
          <input
            id={id("cron")}
            value={schedule.cron}
            onChange={(e) => onChange({ ...schedule, cron: e.target.value })}
          />
        </Labeled>
        <Labeled
          id={id("timezone")}
          label="Time zone"
          nodeId={nodeId}
          field="trigger.schedule.timezone"
          findings={findings}
        >
          <input
            id={id("timezone")}
            list={id("timezones")}
            value={schedule.timezone}
            onChange={(e) => onChange({ ...schedule, timezone: e.target.value })}
          />
          <datalist id={id("timezones")}>
            {Intl.supportedValuesOf("timeZone").map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </Labeled>
      </div>
      <div aria-live="polite">
        <p className="text-sm text-slate-700">Next runs ({schedule.timezone}):</p>
        {ticks.length ? (
          <ol className="text-sm" data-next-ticks>
            {ticks.map((tick) => (
              // Rendered on the server and again in the browser a moment later: a tick
              // passing in between may differ, which is expected.
              <li key={tick.toISOString()} suppressHydrationWarning>
                {format(tick)}
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">None: check the cron expression and time zone.</p>
        )}
      </div>
    </div>
  );
}
