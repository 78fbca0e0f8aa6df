import Link from "next/link";
import type { ForEachItemsView } from "../../_server/ui/for-each-items";
import { itemsQuery } from "./items-href";

/**
 * A for-each's items on its card: the count line, "All items" / "Failed only", and one
 * page of the items (value, outcome, why it failed, attempts) with links to the others.
 * Filter and page live in the address, so a page of failures can be shared or reloaded.
 */
export function ForEachItems({
  runId,
  label,
  items,
}: {
  runId: string;
  /** The for-each's name, for the table's caption and the links' labels. */
  label: string;
  items: ForEachItemsView;
}) {
  const href = (state: string | null, page = 1) =>
    `/runs/${runId}${itemsQuery({ items: items.nodeId, state, page })}`;
  const failedOnly = items.state === "failed";
  const filters = [
    { text: `All items (${items.counts.total.toLocaleString("en-US")})`, state: null },
    { text: `Failed only (${items.counts.failed.toLocaleString("en-US")})`, state: "failed" },
  ];
  return (
    <section className="mt-3 space-y-2" data-for-each-items={items.nodeId}>
      <p className="font-medium" data-item-counts>
        {items.countWords}
      </p>
      {items.counts.total > 0 ? (
        <>
          <nav aria-label={`Which items of ${label}`} className="actions text-sm">
            {filters.map((f) => {
              const current = (items.state ?? null) === f.state;
              return (
                <Link
                  key={f.text}
                  href={href(f.state)}
                  scroll={false}
                  aria-current={current ? "page" : undefined}
                  className={`button ${current ? "button-primary" : ""}`}
                >
                  {f.text}
                </Link>
              );
            })}
          </nav>
          <div className="table-scroll">
            <table data-items-table>
              <caption className="sr-only">
                Items of {label}
                {failedOnly ? ", failed only" : ""}, page {items.page} of {items.pageCount}
              </caption>
              <thead>
                <tr>
                  <th>Item</th>
                  <th>Value</th>
                  <th>Outcome</th>
                  <th>Error</th>
                  <th>Attempts</th>
                </tr>
              </thead>
              <tbody>
                {items.rows.length === 0 ? (
                  <tr>
                    <td colSpan={5}>
                      {failedOnly && items.matching === 0 ? "No item failed." : "No items here."}
                    </td>
                  </tr>
                ) : null}
                {items.rows.map((row) => (
                  <tr key={row.index} data-item-index={row.index} data-item-state={row.state}>
                    <td>{row.index + 1}</td>
                    <td>
                      <code className="break-all">{row.preview}</code>
                    </td>
                    <td className={`state-${row.state}`}>{row.outcomeWords}</td>
                    <td data-item-error>{row.error ?? "—"}</td>
                    <td>{row.attempts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {items.pageCount > 1 ? (
            <nav aria-label={`Pages of items of ${label}`} className="actions text-sm">
              {items.page > 1 ? (
                <Link href={href(items.state, items.page - 1)} scroll={false} className="button">
                  Previous page
                </Link>
              ) : null}
              <span data-items-page>
                Page {items.page} of {items.pageCount}
              </span>
              {items.page < items.pageCount ? (
                <Link href={href(items.state, items.page + 1)} scroll={false} className="button">
                  Next page
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
