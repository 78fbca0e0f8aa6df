// POST /hooks/<token>: what the intake process answers, without HTTP plumbing
// (server.ts). Only what durability needs happens here: find the address (cached),
// bound and verify the body, dedupe, and commit the event with its start job in one
// statement (store-event.ts); the run itself is started by the worker. Nothing is
// stored unless the answer is 202, and every refusal is a JSON 4xx saying why.
import { isDatabaseUnavailable } from "../../prisma/unavailable";
import { parseWebhookBody, type BodyResult } from "../triggers/webhook-body";
import { verifySignature, type HeaderReader } from "../triggers/webhook-signature";
import type { SqlClient } from "../runs/store/sql";
import type { HookConfig } from "./hook-config";
import { storeEvent } from "./store-event";

export interface IntakeDeps {
  /** The address's configuration (cached), or null for an unknown token. */
  hookConfig(token: string): Promise<HookConfig | null>;
  sql: SqlClient;
  env: NodeJS.ProcessEnv;
  /** Workspaces whose triggers may name a secret in `env` (secretEnv); "all": every one. */
  envSecretWorkspaces: ReadonlySet<string> | "all";
  maxBytes: number;
  /** Webhooks one workspace may send per minute; 0: no quota. */
  quotaPerMinute: number;
  now?: () => Date;
  log: { error(obj: object, message: string): void };
}

export interface IntakeRequest {
  method: string;
  /** The request's path, e.g. /hooks/abc. */
  path: string;
  headers: HeaderReader;
  /** Reads the body, refusing (413) beyond maxBytes. */
  readBody(maxBytes: number): Promise<BodyResult>;
}

export interface IntakeAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Headers naming the delivery, first match wins; a repeat of one never runs twice. */
const DEDUPE_HEADERS = ["idempotency-key", "webhook-id", "x-github-delivery"];
const MAX_KEY_LENGTH = 255;
const TOKEN_PATH = /^\/hooks\/([A-Za-z0-9_-]{1,200})\/?$/;

export async function acceptEvent(deps: IntakeDeps, request: IntakeRequest): Promise<IntakeAnswer> {
  try {
    if (request.method !== "POST") return fail(405, "method_not_allowed", "Use POST");
    const token = TOKEN_PATH.exec(request.path.split("?")[0]!)?.[1];
    const hook = token ? await deps.hookConfig(token) : null;
    if (!hook) return fail(404, "not_found", "No webhook at this address");
    if (hook.trigger?.kind !== "webhook") {
      return fail(409, "not_a_webhook_trigger", "This automation is not started by webhooks");
    }

    const body = await request.readBody(deps.maxBytes);
    if (!body.ok) return fail(body.status, body.code, body.message);
    const signature = hook.trigger.webhook?.signature;
    if (signature) {
      const secret = hook.secret ?? envSecret(deps, hook.workspaceId, signature.secretEnv);
      // The same answer whether or not the server has such a variable: a workspace learns
      // nothing about the environment from it.
      if (!secret) {
        return fail(
          500,
          "webhook_secret_missing",
          "This webhook checks signatures but has no signing secret: set one in the automation's trigger settings",
        );
      }
      const now = deps.now?.() ?? new Date();
      if (!verifySignature(signature.scheme, secret, request.headers, body.raw, now)) {
        return fail(401, "invalid_signature", "The signature does not match this webhook's secret");
      }
    }
    const parsed = parseWebhookBody(body.raw, request.headers.get("content-type"));
    if (!parsed.ok) return fail(parsed.status, parsed.code, parsed.message);
    const key = DEDUPE_HEADERS.map((name) => request.headers.get(name)).find((v) => v);
    if (key && key.length > MAX_KEY_LENGTH) {
      return fail(400, "invalid_idempotency_key", `At most ${MAX_KEY_LENGTH} characters`);
    }

    const stored = await storeEvent(deps.sql, {
      automationId: hook.automationId,
      workspaceId: hook.workspaceId,
      dedupeKey: key ? `webhook:${key}` : null,
      payload: parsed.payload,
      quotaPerMinute: deps.quotaPerMinute,
    });
    switch (stored.status) {
      case "stored":
        return {
          status: 202,
          body: { eventId: stored.eventId, runId: null, ...(stored.paused && { queued: true }) },
        };
      case "duplicate":
        return {
          status: 202,
          body: { eventId: stored.eventId, runId: stored.runId, duplicate: true },
        };
      case "refused_paused":
        return fail(409, "automation_paused", "The automation is paused; the event was not stored");
      case "over_quota":
        return {
          ...fail(
            429,
            "webhook_quota_exceeded",
            `This workspace has sent its ${deps.quotaPerMinute} webhooks for this minute; the event was not stored, send it again after ${stored.retryAfter} s`,
          ),
          headers: { "retry-after": String(stored.retryAfter) },
        };
      case "gone":
        return fail(404, "not_found", "No webhook at this address");
    }
  } catch (err) {
    if (isDatabaseUnavailable(err)) {
      // Nothing was committed: a 503 with Retry-After makes senders deliver it again.
      return {
        ...fail(
          503,
          "database_unavailable",
          "The event was not accepted (database unreachable); send it again",
        ),
        headers: { "retry-after": "5" },
      };
    }
    deps.log.error({ err }, "webhook intake failed");
    return fail(500, "internal", "The event was not accepted; send it again");
  }
}

/**
 * A signing secret kept in the server's environment (a trigger's secretEnv), for the
 * workspaces the operator lets use them (SWITCHYARD_WEBHOOK_ENV_SECRET_WORKSPACES): on a
 * server shared by several workspaces, one must not verify against another's secret.
 */
function envSecret(deps: IntakeDeps, workspaceId: string, name: string | undefined) {
  if (!name) return undefined;
  const allowed = deps.envSecretWorkspaces === "all" || deps.envSecretWorkspaces.has(workspaceId);
  return allowed ? deps.env[name] : undefined;
}

function fail(status: number, code: string, message: string): IntakeAnswer {
  return { status, body: { error: { code, message } } };
}
