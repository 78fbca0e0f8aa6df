/** Read-only JSON, scrollable so long payloads never widen the page on a phone. */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <figure className="min-w-0">
      <figcaption className="muted mb-1">{label}</figcaption>
      <pre className="max-h-64 overflow-auto rounded-md bg-slate-900 p-2 text-slate-100">
        {JSON.stringify(value, null, 2)}
      </pre>
    </figure>
  );
}
