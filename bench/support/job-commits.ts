// When did the transaction that enqueued a job commit? A trigger on graphile-worker's job
// table (installed in the benchmark's throwaway database only) sends each new job's
// payload with NOTIFY, and Postgres delivers a notification only when its transaction
// commits: the arrival time here is the commit time (plus local delivery), for
// Switchyard's run_node jobs and for the raw floor's jobs alike.
import pg from "pg";
import type { BenchDatabase } from "./bench-env";

const CHANNEL = "bench_job_commit";

/** Wall-clock milliseconds with sub-millisecond resolution. */
export const wallNow = () => performance.timeOrigin + performance.now();

export interface JobCommits {
  /** Commit time of the job whose payload had this key (see keyOf), if seen. */
  get(key: string): number | undefined;
  stop(): Promise<void>;
}

export async function listenForJobCommits(
  db: BenchDatabase,
  keyOf: (payload: Record<string, unknown>) => string,
): Promise<JobCommits> {
  const client = new pg.Client({ connectionString: db.url });
  client.on("error", () => {});
  await client.connect();
  const seen = new Map<string, number>();
  client.on("notification", (message) => {
    if (message.channel !== CHANNEL || !message.payload) return;
    const at = wallNow();
    seen.set(keyOf(JSON.parse(message.payload) as Record<string, unknown>), at);
  });
  await client.query(`
    CREATE OR REPLACE FUNCTION public.bench_notify_job_commit() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('${CHANNEL}', NEW.payload::text);
      RETURN NEW;
    END $$;
    CREATE OR REPLACE TRIGGER bench_notify_job_commit
      AFTER INSERT ON graphile_worker._private_jobs
      FOR EACH ROW EXECUTE FUNCTION public.bench_notify_job_commit();
    LISTEN ${CHANNEL};`);
  return {
    get: (key) => seen.get(key),
    async stop() {
      await client.query(
        "DROP TRIGGER IF EXISTS bench_notify_job_commit ON graphile_worker._private_jobs",
      );
      await client.end();
    },
  };
}
