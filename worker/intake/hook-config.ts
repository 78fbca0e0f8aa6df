// What intake needs to know about a webhook address: its automation, the trigger of the
// automation's newest version and the signing secret. Read in one statement, cached per
// token, and dropped when Postgres says the automation's configuration changed (a
// version saved, the token rotated, the secret set, the automation deleted: the triggers
// of migration 20261203184812_webhook_inbox). Status is deliberately not cached: the
// statement that stores an event reads it (store-event.ts), so a pause is never missed.
import type pg from "pg";
import { triggerConfigSchema } from "../engine/trigger-schema";
import type { TriggerConfig } from "../engine/types";
import { decryptSecret, type KeyRing } from "../connections/crypto";
import { rows, type SqlClient } from "../runs/store/sql";

export interface HookConfig {
  automationId: string;
  workspaceId: string;
  /** The newest version's trigger; null when the automation has no version yet. */
  trigger: TriggerConfig | null;
  /** The automation's own signing secret (decrypted), if one is set. */
  secret: string | null;
}

export const WEBHOOK_CONFIG_CHANNEL = "switchyard_webhook_config";

// Only the trigger node of the newest version leaves the database, not the whole graph.
const LOAD_HOOK = `
  SELECT a.id, a."workspaceId", a."webhookSecret",
         (SELECT n->'trigger' FROM jsonb_array_elements(v.graph->'nodes') n
           WHERE n->>'type' = 'trigger' LIMIT 1) AS trigger,
         v.graph IS NOT NULL AS "hasVersion"
  FROM "Automation" a
  LEFT JOIN LATERAL (SELECT graph FROM "AutomationVersion"
                      WHERE "automationId" = a.id ORDER BY number DESC LIMIT 1) v ON true
  WHERE a."webhookToken" = $1`;

interface HookRow {
  id: string;
  workspaceId: string;
  webhookSecret: string | null;
  trigger: unknown;
  hasVersion: boolean;
}

export async function loadHookConfig(
  client: SqlClient,
  ring: KeyRing,
  token: string,
): Promise<HookConfig | null> {
  const [row] = await rows<HookRow>(client, "sy_load_hook", LOAD_HOOK, [token]);
  if (!row) return null;
  // Versions are validated before they are stored; a trigger-less graph is started by hand.
  const trigger = row.hasVersion
    ? row.trigger === null
      ? { kind: "manual" as const }
      : triggerConfigSchema.parse(row.trigger)
    : null;
  return {
    automationId: row.id,
    workspaceId: row.workspaceId,
    trigger,
    secret: row.webhookSecret === null ? null : decryptSecret(ring, row.webhookSecret),
  };
}

/** Most webhook addresses kept; beyond it the oldest entry goes (one miss costs one read). */
const MAX_ENTRIES = 10_000;

/**
 * Token → configuration, trusted only while the LISTEN connection that invalidates it is
 * up: `listening` false (not yet connected, or reconnecting) means every lookup reads.
 */
export class HookConfigCache {
  private readonly entries = new Map<string, HookConfig>();
  /** Bumped by every invalidation: a read that overlapped one may be stale, so isn't kept. */
  private epoch = 0;
  listening = false;

  constructor(private readonly load: (token: string) => Promise<HookConfig | null>) {}

  async get(token: string): Promise<HookConfig | null> {
    const cached = this.entries.get(token);
    if (cached) return cached;
    const epoch = this.epoch;
    const listening = this.listening;
    const config = await this.load(token);
    // Unknown tokens are not kept: a scan of random addresses must not fill the memory.
    if (config && listening && this.listening && epoch === this.epoch) {
      if (this.entries.size >= MAX_ENTRIES) {
        this.entries.delete(this.entries.keys().next().value as string);
      }
      this.entries.set(token, config);
    }
    return config;
  }

  invalidate(automationId: string): void {
    this.epoch += 1;
    for (const [token, config] of this.entries) {
      if (config.automationId === automationId) this.entries.delete(token);
    }
  }

  clear(): void {
    this.epoch += 1;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Keeps `cache` invalidated from Postgres: LISTEN on a dedicated client, reconnecting
 * with back-off after a drop (the cache is emptied and bypassed until it is back).
 */
export function listenForConfigChanges(
  newClient: () => pg.Client,
  cache: HookConfigCache,
  log: { warn(message: string): void },
): { close(): Promise<void> } {
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = 250;
  let timer: NodeJS.Timeout | undefined;

  // An unheard "error" ends the process, so a client is heard from before it connects
  // (the packet that makes it ready can also carry a restarting server's "terminating
  // connection") until it is gone. Its error and its end report one loss.
  const lost = (dead: pg.Client, reason: string) => {
    if (dead !== client) return;
    if (cache.listening) log.warn(`webhook config notifications lost (${reason}); reconnecting`);
    cache.listening = false;
    cache.clear();
    client = null;
    dead.removeAllListeners().on("error", () => {});
    void dead.end().catch(() => {});
    if (!closed) timer = setTimeout(start, retryMs);
    retryMs = Math.min(retryMs * 2, 5_000);
  };

  async function start() {
    const next = newClient();
    client = next;
    next.on("notification", (message) => {
      if (message.channel === WEBHOOK_CONFIG_CHANNEL && message.payload) {
        cache.invalidate(message.payload);
      }
    });
    next.on("error", (err) => lost(next, err.message));
    next.on("end", () => lost(next, "connection ended"));
    try {
      await next.connect();
      await next.query(`LISTEN ${WEBHOOK_CONFIG_CHANNEL}`);
      // Anything cached before LISTEN took effect may be stale.
      cache.clear();
      cache.listening = true;
      retryMs = 250;
    } catch (err) {
      lost(next, (err as Error).message);
    }
  }

  void start();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      cache.listening = false;
      const last = client;
      client = null;
      last?.removeAllListeners().on("error", () => {});
      await last?.end().catch(() => {});
    },
  };
}
