import pino, { type Logger } from "pino";

// One JSON line per event on stdout, so a log shipper (Docker, journald, Loki)
// can index fields instead of parsing text. Callers pass ids and classes only:
// never inputs, outputs, headers or credentials, which may hold secrets.
// LOG_LEVEL (default info) picks the threshold; pino's `msg` carries the text.
// LOG_TO_STDERR=1 keeps stdout for a command's own output (the CLI's --verbose).
export const log = pino(
  {
    level: process.env.LOG_LEVEL ?? "info",
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  },
  pino.destination({ dest: process.env.LOG_TO_STDERR ? 2 : 1, sync: true }),
);

// pino children copy the level when created; remember them so setLogLevel reaches all.
const children: Logger[] = [];

/** A logger whose lines all carry `component` (worker, start, run-node...). */
export function componentLog(component: string): Logger {
  const child = log.child({ component });
  children.push(child);
  return child;
}

/**
 * Changes the threshold everywhere, e.g. the CLI silences per-attempt lines of the
 * worker it runs in-process, whose progress it prints itself.
 */
export function setLogLevel(level: pino.LevelWithSilent) {
  log.level = level;
  for (const child of children) child.level = level;
}
