import { z } from "zod";
import { DEFAULT_WORKER_GROUP, WORKER_GROUP_PATTERN } from "./engine/index";
import { DEFAULT_QUEUE_VACUUM_AFTER_JOBS } from "./queue-vacuum";

// Parsed once at start-up: a bad variable fails fast with its name.
export const booleanFromEnv = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const workerEnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  DATABASE_URL: z.string().url().optional(),
  /** Steps run at once per worker process. */
  SWITCHYARD_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(10),
  /**
   * Jobs a worker process takes from the queue in one fetch and hands to its free slots
   * (graphile-worker's local queue): one query per batch instead of one per job; 0 (the
   * default) fetches one at a time. Jobs fetched are locked by the process, so a dead
   * worker's batch comes back with its running jobs (the heartbeat sweep). Off by default:
   * about 14 % more steps/s here, and graphile-worker 0.18 logs errors when it returns a
   * batch at a graceful stop (the jobs do go back); docs/benchmarks.md.
   */
  SWITCHYARD_WORKER_FETCH_BATCH: z.coerce.number().int().min(0).max(1000).default(0),
  /**
   * Finished jobs after which a worker process vacuums graphile-worker's job table (checked
   * every second): fetches stay cheap after bursts, where autovacuum comes once a minute.
   * 0: leave it to autovacuum. worker/queue-vacuum.ts.
   */
  SWITCHYARD_WORKER_QUEUE_VACUUM_AFTER_JOBS: z.coerce
    .number()
    .int()
    .min(0)
    .default(DEFAULT_QUEUE_VACUUM_AFTER_JOBS),
  /**
   * Postgres connections per worker process, for each of its two pools (steps' own
   * transactions; graphile-worker's queue). Steps hold one only for short transactions,
   * so it need not match the concurrency; every process counts against max_connections.
   */
  SWITCHYARD_WORKER_DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  /** How often a worker process records that it is alive. */
  SWITCHYARD_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  /** A worker silent for this long is presumed dead; its jobs are freed for others. */
  SWITCHYARD_WORKER_DEAD_AFTER_MS: z.coerce.number().int().min(500).default(30_000),
  /** graphile-worker's poll for jobs scheduled in the future (retries). */
  SWITCHYARD_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(1_000),
  SWITCHYARD_DEFAULT_STEP_TIMEOUT_MS: z.coerce.number().int().min(1).default(30_000),
  /** Lets actions reach loopback and private networks (tests, local demos). */
  SWITCHYARD_ALLOW_PRIVATE_NETWORK: booleanFromEnv.default(false),
  /** JSON object: connector id → API base URL, e.g. {"slack":"http://127.0.0.1:4010/slack"}. */
  SWITCHYARD_CONNECTOR_BASE_URLS: z
    .string()
    .default("{}")
    .transform((text, ctx) => {
      try {
        return z.record(z.string(), z.string().url()).parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: "custom", message: 'expected JSON like {"slack":"http://…"}' });
        return z.NEVER;
      }
    }),
  /** Comma-separated worker groups whose steps this worker takes (`--group` adds more). */
  SWITCHYARD_WORKER_GROUPS: z.string().optional(),
  /** R8: how long a step waits for a broken connection to be repaired before failing. */
  SWITCHYARD_CONNECTION_WAIT_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 60 * 60 * 1000),
});

export type WorkerConfig = {
  concurrency: number;
  /** Jobs fetched at once (graphile-worker's local queue size); 0: one at a time. */
  fetchBatch: number;
  /** Finished jobs between vacuums of the job table; 0: autovacuum only. */
  queueVacuumAfterJobs: number;
  dbPoolSize: number;
  heartbeatIntervalMs: number;
  workerDeadAfterMs: number;
  pollIntervalMs: number;
  defaultStepTimeoutMs: number;
  allowPrivateNetwork: boolean;
  connectorBaseUrls: Record<string, string>;
  connectionWaitMs: number;
  /**
   * The worker groups whose steps this process takes. Only a worker of the default group
   * also runs the product's own jobs (reports, emails, triggers, deadlines).
   */
  groups: string[];
};

export class ConfigError extends Error {}

// Production has no embedded Postgres to fall back on (and must not start one by accident).
const productionEnvSchema = workerEnvSchema.superRefine((e, ctx) => {
  if (e.NODE_ENV === "production" && !e.DATABASE_URL) {
    ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "required in production" });
  }
});

/**
 * `--group NAME` (or `--group=NAME`, several allowed) from the command line, with
 * SWITCHYARD_WORKER_GROUPS; neither: the default group.
 */
export function workerGroups(envValue: string | undefined, argv: readonly string[]): string[] {
  const named = (envValue ?? "").split(",");
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--group") named.push(argv[++i] ?? "");
    else if (arg.startsWith("--group=")) named.push(arg.slice("--group=".length));
    else throw new ConfigError(`unknown argument "${arg}" (the worker takes --group NAME)`);
  }
  const groups = [...new Set(named.map((g) => g.trim()).filter((g) => g !== ""))];
  for (const group of groups) {
    if (!WORKER_GROUP_PATTERN.test(group)) {
      throw new ConfigError(
        `worker group "${group}": use lower-case letters, digits, - or _ (at most 40)`,
      );
    }
  }
  if (argv.includes("--group") && groups.length === 0) {
    throw new ConfigError("--group needs a group name, e.g. --group eu-onprem");
  }
  return groups.length > 0 ? groups : [DEFAULT_WORKER_GROUP];
}

export function loadWorkerConfig(
  env: NodeJS.ProcessEnv = process.env,
  argv: readonly string[] = [],
): WorkerConfig {
  const parsed = productionEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    concurrency: e.SWITCHYARD_WORKER_CONCURRENCY,
    fetchBatch: e.SWITCHYARD_WORKER_FETCH_BATCH,
    queueVacuumAfterJobs: e.SWITCHYARD_WORKER_QUEUE_VACUUM_AFTER_JOBS,
    dbPoolSize: e.SWITCHYARD_WORKER_DB_POOL_SIZE,
    heartbeatIntervalMs: e.SWITCHYARD_HEARTBEAT_INTERVAL_MS,
    workerDeadAfterMs: e.SWITCHYARD_WORKER_DEAD_AFTER_MS,
    pollIntervalMs: e.SWITCHYARD_POLL_INTERVAL_MS,
    defaultStepTimeoutMs: e.SWITCHYARD_DEFAULT_STEP_TIMEOUT_MS,
    allowPrivateNetwork: e.SWITCHYARD_ALLOW_PRIVATE_NETWORK,
    connectorBaseUrls: e.SWITCHYARD_CONNECTOR_BASE_URLS,
    connectionWaitMs: e.SWITCHYARD_CONNECTION_WAIT_MS,
    groups: workerGroups(e.SWITCHYARD_WORKER_GROUPS, argv),
  };
}
