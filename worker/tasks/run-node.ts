import type { Task } from "graphile-worker";
import { ConnectorError } from "../../connectors/_sdk/errors";
import { executeAction } from "../../connectors/_sdk/execute";
import { getAction } from "../../connectors/registry";
import type { PrismaClient } from "../../prisma/client";
import type { CancellationRegistry } from "../cancellation";
import type { WorkerConfig } from "../config";
import { resolveTemplates } from "../engine/index";
import { nodeJobPayloadSchema } from "../queue/node-job";
import { claimAttempt } from "../runs/claim-attempt";
import { recordAttemptResult, type AttemptError, type AttemptResult } from "../runs/record-attempt-result";

export interface RunNodeDeps {
  prisma: PrismaClient;
  config: WorkerConfig;
  cancellation: CancellationRegistry;
  /** Identifies this process in attempt rows. */
  processId: string;
}

/**
 * The shell around one action attempt: claim (transaction 1), call the
 * connector outside any transaction, record the result with its consequences
 * (transaction 2). Anything thrown here is an infrastructure fault, which
 * graphile-worker retries; the re-run finds the node `running` and starts a
 * fresh attempt with the same idempotency key.
 */
export function makeRunNodeTask(deps: RunNodeDeps): Task {
  return async (rawPayload) => {
    const job = nodeJobPayloadSchema.parse(rawPayload);
    const claimed = await deps.prisma.$transaction((tx) =>
      claimAttempt(tx, job, deps.processId, new Date()),
    );
    if (!claimed) return;

    const controller = deps.cancellation.register(job.runId);
    let result: AttemptResult;
    try {
      result = await attemptAction(claimed.node.action ?? "", claimed, controller.signal, deps.config);
    } finally {
      deps.cancellation.release(job.runId, controller);
    }
    await deps.prisma.$transaction((tx) =>
      recordAttemptResult(tx, claimed.attempt, claimed.node, result, new Date(), Math.random()),
    );
  };
}

async function attemptAction(
  actionKey: string,
  claimed: NonNullable<Awaited<ReturnType<typeof claimAttempt>>>,
  signal: AbortSignal,
  config: WorkerConfig,
): Promise<AttemptResult> {
  const found = getAction(actionKey);
  if (!found) {
    return failure(ConnectorError.inputValidation(`Unknown action "${actionKey}"`));
  }
  try {
    const input = resolveTemplates(claimed.node.input ?? {}, claimed.data);
    const output = await executeAction(found.action, input, {
      signal,
      timeoutMs: claimed.node.timeoutMs ?? config.defaultStepTimeoutMs,
      idempotencyKey: claimed.attempt.idempotencyKey,
      allowPrivateNetwork: config.allowPrivateNetwork,
      baseUrl: found.connector.baseUrl,
    });
    return { ok: true, output };
  } catch (err) {
    return failure(err);
  }
}

function failure(err: unknown): AttemptResult {
  const error: AttemptError =
    err instanceof ConnectorError
      ? {
          errorClass: err.errorClass,
          message: err.message,
          retryable: err.retryable,
          httpStatus: err.httpStatus,
          retryAfterMs: err.retryAfterMs,
        }
      : {
          errorClass: "internal",
          message: err instanceof Error ? err.message : String(err),
          retryable: false,
          httpStatus: null,
          retryAfterMs: null,
        };
  return { ok: false, error };
}
