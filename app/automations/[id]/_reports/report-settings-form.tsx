"use client";

import { useActionState } from "react";
import { saveReportSettingsAction, type ReportSettingsState } from "./actions";

/** Who gets this automation's failure reports, and the digest window (docs/email-and-approvals.md). */
export function ReportSettingsForm(props: {
  automationId: string;
  reportRecipients: string[];
  reportDigestMinutes: number;
}) {
  const [state, formAction, pending] = useActionState<ReportSettingsState, FormData>(
    saveReportSettingsAction,
    {
      values: {
        recipients: props.reportRecipients.join("\n"),
        digestMinutes: String(props.reportDigestMinutes),
      },
    },
  );
  const errors = state.fieldErrors ?? {};
  return (
    <section className="card" aria-labelledby="report-settings-heading">
      <h2 id="report-settings-heading" className="mt-0">
        Failure reports
      </h2>
      {/* Keyed by the outcome, so the fields show exactly what the server kept (or what was refused). */}
      <form
        key={state.savedAt ?? JSON.stringify(state.fieldErrors ?? state.error ?? "")}
        action={formAction}
        noValidate
        className="space-y-3"
        data-report-settings
      >
        <input type="hidden" name="automationId" value={props.automationId} />
        {state.error ? (
          <p role="alert" className="notice error">
            {state.error}
          </p>
        ) : null}
        <div className="space-y-1">
          <label htmlFor="report-recipients" className="block">
            Report recipients
          </label>
          <textarea
            id="report-recipients"
            name="reportRecipients"
            rows={3}
            defaultValue={state.values.recipients}
            placeholder="ops@example.com, lead@example.com"
            aria-invalid={errors.reportRecipients ? true : undefined}
            aria-describedby="report-recipients-help report-recipients-errors"
          />
          <p id="report-recipients-help" className="muted">
            Email addresses, separated by commas or new lines (at most 20). Empty: the person who
            started the run gets the report.
          </p>
          <FieldErrors
            id="report-recipients-errors"
            field="reportRecipients"
            messages={errors.reportRecipients}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="report-digest-minutes" className="block">
            Digest window (minutes)
          </label>
          <input
            id="report-digest-minutes"
            name="reportDigestMinutes"
            type="number"
            inputMode="numeric"
            min={0}
            max={1440}
            step={1}
            className="max-w-40"
            defaultValue={state.values.digestMinutes}
            aria-invalid={errors.reportDigestMinutes ? true : undefined}
            aria-describedby="report-digest-help report-digest-errors"
          />
          <p id="report-digest-help" className="muted">
            A burst of failing runs within this many minutes is merged into one email, sent when the
            window closes. 0 sends each report at once; at most 1440 (one day).
          </p>
          <FieldErrors
            id="report-digest-errors"
            field="reportDigestMinutes"
            messages={errors.reportDigestMinutes}
          />
        </div>
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Saving…" : "Save report settings"}
        </button>
        {state.saved ? (
          <p role="status" className="notice ok" data-report-settings-saved>
            Saved. Failure reports go to{" "}
            {state.saved.reportRecipients.length
              ? state.saved.reportRecipients.join(", ")
              : "the person who started the run"}
            ,{" "}
            {state.saved.reportDigestMinutes
              ? `merged over ${state.saved.reportDigestMinutes} min`
              : "each sent at once"}
            .
          </p>
        ) : null}
      </form>
    </section>
  );
}

function FieldErrors(props: { id: string; field: string; messages?: string[] }) {
  return (
    <div id={props.id}>
      {(props.messages ?? []).map((message, i) => (
        <p key={i} className="field-error" data-field-error={props.field}>
          {message}
        </p>
      ))}
    </div>
  );
}
