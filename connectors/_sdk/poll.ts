// Runs one poll of a polling trigger: validate input, call it under a timeout, check the
// items it returned. Any failure settles as a classified ConnectorError, like an action.
import { z } from "zod";
import type { ActionCredentials, PollResult, TriggerDefinition } from "./define";
import { ConnectorError } from "./errors";
import { createHttpClient } from "./http-client";

export interface PollOptions {
  timeoutMs: number;
  allowPrivateNetwork: boolean;
  baseUrl?: string;
  credentials?: ActionCredentials;
}

const resultSchema = z.object({
  items: z.array(
    z.object({ key: z.string().min(1).max(500), payload: z.record(z.string(), z.unknown()) }),
  ),
  cursor: z.unknown(),
});

export async function executePoll(
  trigger: TriggerDefinition,
  rawInput: unknown,
  cursor: unknown,
  options: PollOptions,
): Promise<PollResult> {
  const input = trigger.input.safeParse(rawInput);
  if (!input.success) throw ConnectorError.inputValidation(input.error.issues);
  const signal = AbortSignal.timeout(options.timeoutMs);
  const http = createHttpClient({
    signal,
    baseUrl: options.baseUrl,
    // A poll is a read: no idempotency key to send.
    idempotencyHeader: null,
    allowPrivateNetwork: options.allowPrivateNetwork,
    credentials: options.credentials,
  });
  let result: unknown;
  try {
    result = await trigger.poll(
      { http, signal, credentials: options.credentials },
      input.data,
      cursor,
    );
  } catch (err) {
    if (err instanceof ConnectorError) throw err;
    throw signal.aborted ? ConnectorError.timeout(options.timeoutMs) : ConnectorError.internal(err);
  }
  const parsed = resultSchema.safeParse(result);
  if (!parsed.success) throw ConnectorError.outputValidation(parsed.error.issues);
  return { items: parsed.data.items, cursor: parsed.data.cursor };
}
