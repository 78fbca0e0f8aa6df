/**
 * Errors a user can act on, with a small set of codes. Domain functions throw
 * them; the edges (CLI, HTTP API, UI) map codes to exit codes or statuses.
 */
export type AppErrorCode =
  | "not_found"
  | "invalid_input"
  | "invalid_graph"
  | "conflict"
  | "forbidden"
  | "unauthenticated"
  /** A request body over the size limit (413). */
  | "payload_too_large"
  /** A request body of a type the route does not take (415). */
  | "unsupported_media_type"
  /** A service this one relies on (the demo apps) did not answer. */
  | "unavailable";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }
}
