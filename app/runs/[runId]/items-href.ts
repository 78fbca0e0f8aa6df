/** What the run page's search params say about one for-each's items. */
export interface ItemsLink {
  /** The for-each whose items are filtered or paged. */
  items?: string;
  /** Only items in this state ("failed"); absent or null: all. */
  state?: string | null;
  page?: number;
}

/** The search part of the run page's address for these items: "?items=each&state=failed&page=2", or "". */
export function itemsQuery(link: ItemsLink): string {
  const params = new URLSearchParams();
  if (link.items) params.set("items", link.items);
  if (link.items && link.state) params.set("state", link.state);
  if (link.items && link.page && link.page > 1) params.set("page", String(link.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}
