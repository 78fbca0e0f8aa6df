import { Counter, Gauge, Registry } from "prom-client";
import type { PrismaClient } from "../../prisma/client";
import { readAttemptStats, type AttemptGroup } from "./attempt-stats";
import { readQueueDepth, type QueueDepth } from "./queue-depth";
import { StepLatencyHistogram } from "./step-latency-histogram";
import { readWaitingCounts, type WaitingCounts } from "./waiting";
import { readWorkerGroupStats, type WorkerGroupStats } from "../groups/group-stats";

interface Snapshot {
  queue: QueueDepth;
  attempts: AttemptGroup[];
  waiting: WaitingCounts;
  groups: WorkerGroupStats[];
}

/**
 * The Prometheus registry behind GET /metrics. Every value is read from
 * Postgres when scraped, so any web replica reports the same cluster-wide
 * numbers and no worker needs a port of its own. One scrape reads the
 * database once: the metrics' collectors share a snapshot taken per scrape.
 */
export function createMetricsRegistry(
  prisma: PrismaClient,
  options: { workerDeadAfterMs: number },
) {
  const registry = new Registry();
  let current: Promise<Snapshot> | null = null;
  const snapshot = () =>
    (current ??= (async () => {
      const [queue, attempts, waiting, groups] = await Promise.all([
        readQueueDepth(prisma),
        readAttemptStats(prisma),
        readWaitingCounts(prisma, options.workerDeadAfterMs),
        readWorkerGroupStats(prisma, options.workerDeadAfterMs),
      ]);
      return { queue, attempts, waiting, groups };
    })());

  new Gauge({
    name: "switchyard_queue_jobs",
    help: "graphile-worker jobs by state (ready: waiting for a worker; scheduled: retries with backoff; locked: running)",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      const { queue } = await snapshot();
      for (const [state, n] of Object.entries(queue)) this.set({ state }, n);
    },
  });
  new Counter({
    name: "switchyard_attempts_total",
    help: "Finished step attempts by connector and outcome",
    labelNames: ["connector", "outcome"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const g of (await snapshot()).attempts) {
        this.inc({ connector: g.connector, outcome: g.outcome }, g.count);
      }
    },
  });
  new Counter({
    name: "switchyard_attempt_failures_total",
    help: "Failed or abandoned step attempts by connector and error class",
    labelNames: ["connector", "error_class"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const g of (await snapshot()).attempts) {
        if (g.errorClass === null) continue;
        this.inc({ connector: g.connector, error_class: g.errorClass }, g.count);
      }
    },
  });
  new StepLatencyHistogram(registry, async () => (await snapshot()).attempts);
  const waitingGauge = (name: string, help: string, pick: (w: WaitingCounts) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(pick((await snapshot()).waiting));
      },
    });
  waitingGauge(
    "switchyard_approvals_waiting",
    "Approval requests not decided yet",
    (w) => w.approvalsWaiting,
  );
  waitingGauge(
    "switchyard_steps_waiting_connection",
    "Steps waiting for a broken connection to be repaired",
    (w) => w.connectionsWaiting,
  );
  waitingGauge(
    "switchyard_steps_waiting_rate_limit",
    "Steps waiting for capacity on a connection at its limits",
    (w) => w.rateLimitWaiting,
  );
  waitingGauge(
    "switchyard_workers_alive",
    "Worker processes with a recent heartbeat",
    (w) => w.workersAlive,
  );
  waitingGauge("switchyard_runs_running", "Runs not finished yet", (w) => w.runsRunning);
  new Gauge({
    name: "switchyard_group_workers_alive",
    help: "Worker processes with a recent heartbeat, by worker group",
    labelNames: ["group"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const g of (await snapshot()).groups) this.set({ group: g.group }, g.workersAlive);
    },
  });
  new Gauge({
    name: "switchyard_group_steps",
    help: "Queued steps by worker group (ready: waiting for a worker of the group; running)",
    labelNames: ["group", "state"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const g of (await snapshot()).groups) {
        this.set({ group: g.group, state: "ready" }, g.stepsReady);
        this.set({ group: g.group, state: "running" }, g.stepsRunning);
      }
    },
  });

  return {
    contentType: registry.contentType,
    /** The exposition text; reads the database once. */
    async scrape(): Promise<string> {
      current = null;
      try {
        return await registry.metrics();
      } finally {
        current = null;
      }
    },
  };
}
