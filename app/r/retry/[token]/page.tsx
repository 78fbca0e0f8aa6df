import { retryLinkTarget } from "../../../../worker/reports/retry-from-link";
import { runOutcomeWords } from "../../../../worker/names";
import { db } from "../../../_lib/db";
import { appErrorMessage } from "../../../_lib/http-errors";
import { confirmRetry } from "./actions";

export const dynamic = "force-dynamic";

// A report's signed "Retry failed part" link. GET (a click, or a mail
// scanner) only shows this confirmation; the button's POST retries.
export default async function RetryLinkPage(props: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ error?: string }>;
}) {
  const { token } = await props.params;
  const { error } = await props.searchParams;
  const target = await retryLinkTarget(db(), token, new Date()).then(
    (run) => ({ run, refusal: null }),
    (err: unknown) => ({ run: null, refusal: appErrorMessage(err) }),
  );
  return (
    <section className="max-w-2xl space-y-4">
      <h1 className="text-xl font-semibold">Retry the failed part of a run</h1>
      {error ? <p role="alert">{error}</p> : null}
      {target.run ? (
        <>
          <p>
            “{target.run.automation.name}”, run{" "}
            <a href={`/runs/${target.run.id}`}>{target.run.id}</a>{" "}
            {runOutcomeWords(target.run.status)}. Retrying runs its failed nodes and the nodes they
            blocked again; nodes that succeeded are not run again.
          </p>
          <form action={confirmRetry.bind(null, token)}>
            <button type="submit">Retry failed part</button>
          </form>
        </>
      ) : (
        <p role="status">{target.refusal}</p>
      )}
    </section>
  );
}
