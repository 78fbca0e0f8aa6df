// Undo and redo for every edit of the builder, pure. Typing into one field is one edit,
// not one per keystroke: consecutive changes with the same group replace the newest
// entry instead of adding one.

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** The group of the newest entry, if it may absorb the next change of the same group. */
  group: string | null;
}

/** The most edits kept for undo; older ones are dropped. */
export const HISTORY_LIMIT = 200;

export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], group: null };
}

/** `next` as the present; a change of `group` right after one of the same group merges. */
export function record<T>(history: History<T>, next: T, group: string | null = null): History<T> {
  if (group !== null && group === history.group) {
    return { ...history, present: next, future: [] };
  }
  return {
    past: [...history.past, history.present].slice(-HISTORY_LIMIT),
    present: next,
    future: [],
    group,
  };
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past.at(-1);
  if (previous === undefined) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous,
    future: [history.present, ...history.future],
    group: null,
  };
}

export function redo<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: rest, group: null };
}
