// Runs one attempt of one action: validate input, run under cancel + timeout, validate
// output. Whatever happens, it settles with the output or a classified ConnectorError.
import type { z } from "zod";
import { scrubSecrets } from "../../worker/redact";
import type { ActionCredentials, ActionDefinition } from "./define";
import { ConnectorError } from "./errors";
import { createHttpClient } from "./http-client";

export interface ExecuteOptions {
  /** Cancellation of the run (R13). */
  signal: AbortSignal;
  /** Per-attempt limit, counted from the start of the action. */
  timeoutMs: number;
  idempotencyKey: string;
  allowPrivateNetwork: boolean;
  /** The connector's baseUrl, for relative request URLs. */
  baseUrl?: string;
  credentials?: ActionCredentials;
}

export async function executeAction<I extends z.ZodObject, O extends z.ZodType>(
  action: ActionDefinition<I, O>,
  rawInput: unknown,
  options: ExecuteOptions,
): Promise<z.output<O>> {
  const input = action.input.safeParse(rawInput);
  if (!input.success) throw ConnectorError.inputValidation(input.error.issues);
  if (options.signal.aborted) throw ConnectorError.cancelled();

  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  const http = createHttpClient({
    signal,
    baseUrl: options.baseUrl,
    idempotencyKey: options.idempotencyKey,
    idempotencyHeader: action.idempotencyHeader,
    allowPrivateNetwork: options.allowPrivateNetwork,
    credentials: options.credentials,
  });
  const ctx = {
    http,
    signal,
    idempotencyKey: options.idempotencyKey,
    credentials: options.credentials,
  };

  // A provider may echo the credential back (in a body or an error message): what the
  // attempt returns is stored and shown, so the credential is scrubbed from it here.
  const secrets = credentialValues(options.credentials);
  let result: unknown;
  try {
    result = await untilAborted(action.run(ctx, input.data), signal);
  } catch (err) {
    throw scrubError(classify(err, options.signal, timeout, options.timeoutMs), secrets);
  }

  const output = action.output.safeParse(result);
  if (!output.success) throw ConnectorError.outputValidation(output.error.issues);
  return scrubSecrets(output.data, secrets);
}

function credentialValues(credentials: ActionCredentials | undefined): string[] {
  if (!credentials) return [];
  return [credentials.kind === "oauth2" ? credentials.accessToken : credentials.apiKey];
}

function scrubError(err: ConnectorError, secrets: readonly string[]): ConnectorError {
  const message = scrubSecrets(err.message, secrets);
  if (message === err.message) return err;
  return new ConnectorError({
    errorClass: err.errorClass,
    message,
    retryable: err.retryable,
    authBroken: err.authBroken,
    httpStatus: err.httpStatus,
    retryAfterMs: err.retryAfterMs,
  });
}

// An action may await something that ignores the signal; the attempt must still end
// on time. The abandoned promise's eventual rejection is swallowed on purpose.
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => {});
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => {
    if (onAbort) signal.removeEventListener("abort", onAbort);
  });
}

function classify(
  err: unknown,
  cancel: AbortSignal,
  timeout: AbortSignal,
  timeoutMs: number,
): ConnectorError {
  const abortRelated =
    !(err instanceof ConnectorError) ||
    err.errorClass === "timeout" ||
    err.errorClass === "cancelled";
  if (abortRelated) {
    // Cancellation wins: the user's decision outranks a timeout that fired alongside it.
    if (cancel.aborted) return ConnectorError.cancelled();
    if (timeout.aborted) return ConnectorError.timeout(timeoutMs);
  }
  return err instanceof ConnectorError ? err : ConnectorError.internal(err);
}
