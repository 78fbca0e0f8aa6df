// The webhook intake, POST /hooks/<token>, as a plain fetch-style handler: the Next route
// calls it, and tests serve it over node:http. Nothing is stored unless the answer is
// 202, and 202 is sent only after the run and its first jobs (or the queued event) are
// committed: an accepted event always runs, once.
import type { PrismaClient } from "../../prisma/client";
import { isDatabaseUnavailable } from "../../prisma/unavailable";
import { latestVersion } from "./latest-version";
import { startTriggeredRun } from "./start-triggered-run";
import { triggerSettings } from "./trigger-settings";
import { parseWebhookBody, readLimitedBody } from "./webhook-body";
import { verifySignature } from "./webhook-signature";

export interface WebhookIntakeDeps {
  prisma: PrismaClient;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

/** Headers naming the delivery, first match wins; a repeat of one never runs twice. */
const DEDUPE_HEADERS = ["idempotency-key", "webhook-id", "x-github-delivery"];
const MAX_KEY_LENGTH = 255;

export function createWebhookHandler(deps: WebhookIntakeDeps) {
  const env = deps.env ?? process.env;
  const now = deps.now ?? (() => new Date());
  const { webhookMaxBytes } = triggerSettings(env);

  return async function acceptWebhook(request: Request): Promise<Response> {
    try {
      if (request.method !== "POST") return fail(405, "method_not_allowed", "Use POST");
      const token = /\/hooks\/([^/]+)\/?$/.exec(new URL(request.url).pathname)?.[1];
      const automation = token
        ? await deps.prisma.automation.findUnique({ where: { webhookToken: token } })
        : null;
      if (!automation) return fail(404, "not_found", "No webhook at this address");
      const version = await deps.prisma.$transaction((tx) => latestVersion(tx, automation.id));
      const trigger = version?.trigger;
      if (trigger?.kind !== "webhook") {
        return fail(409, "not_a_webhook_trigger", "This automation is not started by webhooks");
      }

      const body = await readLimitedBody(request, webhookMaxBytes);
      if (!body.ok) return fail(body.status, body.code, body.message);
      const signature = trigger.webhook?.signature;
      if (signature) {
        const secret = env[signature.secretEnv];
        if (!secret) {
          return fail(
            500,
            "webhook_secret_missing",
            `${signature.secretEnv} is not set on the server`,
          );
        }
        if (!verifySignature(signature.scheme, secret, request.headers, body.raw, now())) {
          return fail(
            401,
            "invalid_signature",
            "The signature does not match this webhook's secret",
          );
        }
      }
      const parsed = parseWebhookBody(body.raw, request.headers.get("content-type"));
      if (!parsed.ok) return fail(parsed.status, parsed.code, parsed.message);
      const key = DEDUPE_HEADERS.map((name) => request.headers.get(name)).find((v) => v);
      if (key && key.length > MAX_KEY_LENGTH) {
        return fail(400, "invalid_idempotency_key", `At most ${MAX_KEY_LENGTH} characters`);
      }

      const start = await deps.prisma.$transaction((tx) =>
        startTriggeredRun(tx, {
          automationId: automation.id,
          kind: "webhook",
          key: key ? `webhook:${key}` : undefined,
          payload: parsed.payload,
        }),
      );
      if (start.status === "refused") {
        return fail(409, "automation_paused", "The automation is paused; the event was not stored");
      }
      return start.status === "queued"
        ? Response.json({ runId: null, queued: true, eventId: start.eventId }, { status: 202 })
        : Response.json({ runId: start.runId }, { status: 202 });
    } catch (err) {
      if (isDatabaseUnavailable(err)) {
        // Nothing was committed: a 503 with Retry-After makes senders deliver it again.
        return Response.json(
          {
            error: {
              code: "database_unavailable",
              message: "The event was not accepted (database unreachable); send it again",
            },
          },
          { status: 503, headers: { "retry-after": "5" } },
        );
      }
      console.error("webhook intake failed", err);
      return fail(500, "internal", "The event was not accepted; send it again");
    }
  };
}

function fail(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}
