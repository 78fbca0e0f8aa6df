import pg from "pg";

export const RUN_CANCEL_CHANNEL = "switchyard_run_cancel";

/**
 * Listens for run cancellations (NOTIFY sent in the cancelling transaction)
 * and hands each run id to onCancel. Reconnects after a lost connection.
 */
export function listenForCancellations(
  connectionString: string,
  onCancel: (runId: string) => void,
  onError: (err: unknown) => void,
): { stop(): Promise<void> } {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async () => {
    const c = new pg.Client({ connectionString });
    c.on("notification", (msg) => {
      if (msg.channel === RUN_CANCEL_CHANNEL && msg.payload) onCancel(msg.payload);
    });
    c.on("error", (err) => {
      onError(err);
      scheduleReconnect();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${RUN_CANCEL_CHANNEL}`);
      if (stopped) await c.end();
      else client = c;
    } catch (err) {
      onError(err);
      scheduleReconnect();
    }
  };
  const scheduleReconnect = () => {
    client?.end().catch(() => {});
    client = null;
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, 1_000);
  };
  void connect();

  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
