"use client";

import { useState } from "react";
import type { CatalogConnector } from "../../_server/ui/types";
import { paletteEntries, searchPalette, type PaletteEntry } from "./palette-search";

/** Search apps and actions; picking one adds it below the selected step. */
export function Palette(props: {
  catalog: CatalogConnector[];
  /** Where a picked step goes, in words: "below Create ticket". */
  where: string;
  onPick: (entry: PaletteEntry) => void;
}) {
  const [query, setQuery] = useState("");
  const found = searchPalette(paletteEntries(props.catalog), query);
  return (
    <div className="space-y-2" data-palette>
      <label htmlFor="palette-search">Add a step: search apps and actions</label>
      <input
        id="palette-search"
        type="search"
        value={query}
        placeholder="e.g. chat, ticket, approval"
        onChange={(e) => setQuery(e.target.value)}
      />
      <p className="muted text-sm">New steps go {props.where}.</p>
      <ul className="max-h-64 space-y-1 overflow-y-auto" aria-label="Steps to add">
        {found.map((entry) => (
          <li key={entry.key}>
            <button
              type="button"
              className="w-full text-left whitespace-normal"
              data-palette-entry={entry.key}
              onClick={() => props.onPick(entry)}
            >
              <span className="font-medium">
                {entry.app}: {entry.title}
              </span>
              <span className="muted block text-xs">{entry.description}</span>
            </button>
          </li>
        ))}
        {found.length === 0 ? <li className="muted">No app or action matches “{query}”.</li> : null}
      </ul>
    </div>
  );
}
