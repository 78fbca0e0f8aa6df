// Typed connector failures. The engine reads these fields to apply R7 (retry or fail
// now), R8 (broken connection) and to record each attempt's class, message and status.
import type { ErrorClass } from "../../worker/engine/types";

/** Structural view of a zod issue, so this file does not depend on zod's internals. */
export interface ValidationIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

export interface ConnectorErrorInit {
  errorClass: ErrorClass;
  message: string;
  retryable: boolean;
  authBroken?: boolean;
  httpStatus?: number | null;
  retryAfterMs?: number | null;
  cause?: unknown;
}

export class ConnectorError extends Error {
  override readonly name = "ConnectorError";
  readonly errorClass: ErrorClass;
  readonly retryable: boolean;
  /** The credential itself was refused (R8): re-trying cannot help until it is repaired. */
  readonly authBroken: boolean;
  readonly httpStatus: number | null;
  /** The provider's own wait request (Retry-After); the engine caps it with its policy. */
  readonly retryAfterMs: number | null;

  constructor(init: ConnectorErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.errorClass = init.errorClass;
    this.retryable = init.retryable;
    this.authBroken = init.authBroken ?? false;
    this.httpStatus = init.httpStatus ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }

  /**
   * Classifies a non-2xx status per R7. `message` should already say what the user can
   * act on (status, host, start of the body). Retry-After is honoured on every
   * retryable status: providers send it with 503 as often as with 429.
   */
  static fromHttpStatus(
    status: number,
    message: string,
    retryAfterHeader?: string | null,
    now: number = Date.now(),
  ): ConnectorError {
    const retryable = status >= 500 || status === 408 || status === 429;
    const errorClass: ErrorClass =
      status >= 500
        ? "http_5xx"
        : status === 408
          ? "http_408"
          : status === 429
            ? "http_429"
            : // 401 means the credential was refused. 403 means it works but lacks a
              // permission: repairing the connection would not help, so it is a plain 4xx.
              status === 401
              ? "auth"
              : // Anything else that is not 2xx (other 4xx, a 3xx we could not follow) is permanent.
                "http_4xx";
    return new ConnectorError({
      errorClass,
      message,
      retryable,
      authBroken: status === 401,
      httpStatus: status,
      retryAfterMs: retryable ? parseRetryAfter(retryAfterHeader ?? null, now) : null,
    });
  }

  static network(message: string, cause?: unknown): ConnectorError {
    return new ConnectorError({ errorClass: "network", message, retryable: true, cause });
  }

  static timeout(ms?: number): ConnectorError {
    const message = ms === undefined ? "Timed out" : `Timed out after ${ms} ms`;
    return new ConnectorError({ errorClass: "timeout", message, retryable: true });
  }

  static cancelled(): ConnectorError {
    return new ConnectorError({ errorClass: "cancelled", message: "Cancelled", retryable: false });
  }

  static inputValidation(issues: readonly ValidationIssue[] | string): ConnectorError {
    const detail = typeof issues === "string" ? issues : formatIssues(issues);
    return new ConnectorError({
      errorClass: "input_validation",
      message: `Invalid input: ${detail}`,
      retryable: false,
    });
  }

  static outputValidation(issues: readonly ValidationIssue[] | string): ConnectorError {
    const detail = typeof issues === "string" ? issues : formatIssues(issues);
    return new ConnectorError({
      errorClass: "output_validation",
      message: `Unexpected response: ${detail}`,
      retryable: false,
    });
  }

  /** A bug in a connector (it threw something unclassified): retrying would repeat it. */
  static internal(cause: unknown): ConnectorError {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return new ConnectorError({
      errorClass: "internal",
      message: `Internal connector error: ${detail}`,
      retryable: false,
      cause,
    });
  }
}

/**
 * Retry-After as milliseconds from `now`: either delay-seconds or an HTTP date.
 * A date in the past means "now" (0). Anything unparseable is ignored (null).
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (trimmed === "") return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Bare numbers such as "-5" would parse as years; only accept real dates.
  if (!/[a-z]/i.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** "url: Invalid URL; headers.Accept: Expected string" */
function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join("; ");
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path
    .map((part, i) =>
      typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
}
