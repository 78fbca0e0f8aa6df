import type { Task } from "graphile-worker";
import type { PrismaClient } from "../../prisma/client";
import type { CancellationRegistry } from "../cancellation";
import type { WorkerConfig } from "../config";
import type { ConnectionAccess } from "../connections/connection-access";
import { markConnectionBroken } from "../connections/mark-broken";
import { nodeJobPayloadSchema } from "../queue/node-job";
import { componentLog } from "../log";
import { enterWaitingConnection } from "../runs/enter-waiting-connection";
import { claimAttempt } from "../runs/store/claim-attempt";
import { recordAttemptResult } from "../runs/store/record-attempt";
import { keepInGroup, openKeptOutputs, type GroupKeys } from "../groups/kept-outputs";
import { performAttempt, type AttemptOutcome } from "./perform-attempt";

const log = componentLog("run-node");

export interface RunNodeDeps {
  prisma: PrismaClient;
  config: WorkerConfig;
  cancellation: CancellationRegistry;
  connections: ConnectionAccess;
  /** Identifies this process in attempt rows. */
  processId: string;
  /** The keys of this worker's groups, for outputs kept in them (groups/kept-outputs.ts). */
  groupKeys: GroupKeys;
}

/**
 * The shell around one action attempt: claim (one statement), call the connector
 * outside any transaction, record the outcome with its consequences (one short
 * transaction). Both go through the run store on graphile-worker's own pool. Anything
 * thrown here is an infrastructure fault, which graphile-worker retries; the re-run
 * finds the node `running` and starts a fresh attempt with the same idempotency key.
 */
export function makeRunNodeTask(deps: RunNodeDeps): Task {
  return async (rawPayload, helpers) => {
    const job = nodeJobPayloadSchema.parse(rawPayload);
    const found = await helpers.withPgClient((client) =>
      claimAttempt(client, job, deps.processId, new Date()),
    );
    if (!found) return;
    const { claimed, refused } = openKeptOutputs(found, deps.groupKeys);

    const perform = async () => {
      const controller = deps.cancellation.register(job.runId);
      return performAttempt(
        { ...claimed, idempotencyKey: claimed.attempt.idempotencyKey },
        controller.signal,
        deps.config,
        deps.connections,
      ).finally(() => deps.cancellation.release(job.runId, controller));
    };
    const outcome: AttemptOutcome = refused ? { kind: "result", result: refused } : await perform();
    const recorded =
      outcome.kind === "result"
        ? await helpers.withPgClient((client) =>
            recordAttemptResult(
              client,
              claimed,
              keepInGroup(claimed.node, outcome.result, deps.groupKeys),
              new Date(),
              Math.random(),
            ),
          )
        : await deps.prisma.$transaction(async (tx) => {
            // R8 is rare: the app's Prisma path is enough for it.
            if (outcome.markBroken) {
              await markConnectionBroken(tx, outcome.connectionId, outcome.message);
            }
            await enterWaitingConnection(tx, {
              attempt: claimed.attempt,
              connectionId: outcome.connectionId,
              message: outcome.message,
              attempted: outcome.attempted,
              httpStatus: outcome.httpStatus,
              now: new Date(),
              waitMs: deps.config.connectionWaitMs,
            });
            return "waiting_connection" as const;
          });
    // Ids and classes only: inputs, outputs and headers may carry secrets.
    const failed = outcome.kind === "result" && !outcome.result.ok ? outcome.result.error : null;
    log.info(
      {
        runId: job.runId,
        nodeId: claimed.attempt.nodeId,
        attempt: claimed.attempt.number,
        generation: claimed.attempt.generation,
        outcome: recorded,
        errorClass: failed?.errorClass ?? null,
        httpStatus: failed?.httpStatus ?? null,
      },
      "attempt finished",
    );
  };
}
