/**
 * Shown while a server page loads its data. Deliberately not role="status": that role
 * belongs to the pages' outcome notices, which tests and screen readers look for.
 */
export default function Loading() {
  return (
    <p aria-live="polite" aria-busy="true" className="animate-pulse text-sm text-slate-500">
      Loading…
    </p>
  );
}
