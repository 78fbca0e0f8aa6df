/** Exit codes, so scripts can tell a run's outcome from a usage mistake. */
export const EXIT = {
  succeeded: 0,
  partially_succeeded: 1,
  failed: 2,
  cancelled: 3,
  running: 4,
  usage: 64,
  bad_file: 65,
  not_found: 66,
  unavailable: 69,
  conflict: 75,
  forbidden: 77,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exit: keyof typeof EXIT,
  ) {
    super(message);
  }
}

export function requireArg(value: string | undefined, what: string): string {
  if (!value) throw new CliError(`Missing ${what} (see npm run switchyard -- --help)`, "usage");
  return value;
}
