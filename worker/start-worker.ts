import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { Logger, run, type WorkerEvents } from "graphile-worker";
import { createPrismaClient } from "../prisma/client";
import { CancellationRegistry } from "./cancellation";
import { listenForCancellations } from "./cancel-listener";
import type { WorkerConfig } from "./config";
import { startHeartbeat } from "./heartbeat";
import { startQueueVacuum } from "./queue-vacuum";
import { createConnectionAccess } from "./connections/connection-access";
import { loadKeyRing } from "./connections/crypto";
import { buildTaskList } from "./tasks/task-list";
import { DEFAULT_WORKER_GROUP } from "./engine/index";
import { loadGroupKeys } from "./groups/kept-outputs";

export interface RunningWorker {
  processId: string;
  /** Resolves when the worker has stopped (after stop() or a fatal error). */
  done: Promise<void>;
  stop(): Promise<void>;
}

/** `fields` are structured context (ids, counts) for JSON logs; never secrets. */
export type WorkerLog = (
  level: "info" | "warn" | "error",
  message: string,
  fields?: Record<string, unknown>,
) => void;

/**
 * Starts one worker process's pieces: graphile-worker with our tasks, the
 * heartbeat + dead-worker sweeper, and the cancel listener. Migrations must
 * already be applied.
 */
export async function startWorker(
  connectionString: string,
  config: WorkerConfig,
  log: WorkerLog,
): Promise<RunningWorker> {
  const processId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  // Each running step holds a connection only for its two short transactions, so a
  // small pool serves a large concurrency; pools sized to the concurrency exhausted
  // Postgres' max_connections (100) at concurrency 60 (docs/benchmarks.md).
  const prisma = createPrismaClient(connectionString, { poolSize: config.dbPoolSize });
  const cancellation = new CancellationRegistry();
  const ring = await loadKeyRing(process.env);
  const groupKeys = loadGroupKeys(process.env, config.groups);
  const connections = createConnectionAccess({ prisma, ring });
  const workerIds = new Set<string>();
  const activeJobIds = new Set<string>();

  const heartbeat = startHeartbeat({
    prisma,
    processId,
    groups: config.groups,
    noticeWaitingGroups: config.groups.includes(DEFAULT_WORKER_GROUP),
    intervalMs: config.heartbeatIntervalMs,
    deadAfterMs: config.workerDeadAfterMs,
    workerIds: () => [...workerIds],
    activeJobIds: () => [...activeJobIds],
    onSweep: (ids) =>
      log("warn", `freed jobs of silent workers: ${ids.join(", ")}`, { freedWorkerIds: ids }),
    onOrphansReleased: (count) =>
      log("warn", `released ${count} job(s) whose results were lost with the database connection`),
    onError: (err) => log("error", `heartbeat failed: ${errorMessage(err)}`),
  });
  const queueVacuum = startQueueVacuum({
    prisma,
    afterJobs: config.queueVacuumAfterJobs,
    onError: (err) => log("warn", `vacuum of the job table failed: ${errorMessage(err)}`),
  });
  const cancelListener = listenForCancellations(
    connectionString,
    (runId) => {
      const n = cancellation.cancelRun(runId);
      if (n > 0) log("info", `run ${runId} cancelled: aborted ${n} running attempt(s)`);
    },
    (err) => log("warn", `cancel listener: ${errorMessage(err)}`),
  );

  // Listeners go on before run() so no pool is created unseen.
  const events = new EventEmitter() as WorkerEvents;
  // graphile-worker (0.17 and 0.18) locks jobs with the *pool's* id (`locked_by`), not
  // each worker's, so the pool id is what the heartbeat must vouch for.
  events.on("pool:create", ({ workerPool }) => {
    workerIds.add(workerPool.id);
  });
  events.on("pool:release", ({ workerPool }) => {
    workerIds.delete(workerPool.id);
  });
  events.on("job:start", ({ job }) => {
    activeJobIds.add(String(job.id));
  });
  events.on("job:complete", ({ job }) => {
    activeJobIds.delete(String(job.id));
    queueVacuum.jobFinished();
  });
  const runner = await run({
    events,
    connectionString,
    concurrency: config.concurrency,
    maxPoolSize: config.dbPoolSize,
    pollInterval: config.pollIntervalMs,
    // A fetched job waits at most half the grace of the orphan release (heartbeat.ts),
    // which frees jobs our pool has locked but not started: it must never free these.
    ...(config.fetchBatch >= 2
      ? {
          preset: {
            worker: {
              localQueue: {
                size: config.fetchBatch,
                ttl: Math.min(5 * 60_000, Math.floor(config.workerDeadAfterMs / 2)),
              },
            },
          },
        }
      : {}),
    noHandleSignals: true,
    logger: graphileLogger(log),
    taskList: buildTaskList({
      prisma,
      config,
      cancellation,
      connections,
      processId,
      ring,
      groupKeys,
    }),
  });

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await runner.stop().catch(() => {});
      await heartbeat.stop();
      await queueVacuum.stop();
      await cancelListener.stop();
      await prisma.$disconnect();
    })());
  const done = runner.promise.then(
    () => stop(),
    async (err) => {
      log("error", `worker stopped: ${errorMessage(err)}`);
      await stop();
      throw err;
    },
  );
  log(
    "info",
    `worker ${processId} started (concurrency ${config.concurrency}, groups ${config.groups.join(", ")})`,
    { processId, concurrency: config.concurrency, groups: config.groups },
  );
  return { processId, done, stop };
}

function graphileLogger(log: WorkerLog): Logger {
  // graphile-worker is chatty at info level; keep its warnings and errors — except its
  // advice to size the pool to the concurrency, which is deliberate here (see the pool
  // sizes above) and would otherwise greet every start of a worker.
  return new Logger(() => (level, message) => {
    if (level === "error") log("error", message);
    else if (level === "warning" && !message.includes("smaller than concurrency")) {
      log("warn", message);
    }
  });
}

function errorMessage(err: unknown) {
  return err instanceof Error ? err.message : String(err);
}
