// The Nango backend, used when NANGO_SECRET_KEY is set: Nango's Connect UI runs the OAuth
// dance and Nango keeps (and refreshes) the tokens. Switchyard stores only Nango's
// connection id, and asks Nango for the credentials at each attempt.
//
// Nango's integration id ("providerConfigKey") is taken to be the connector's provider key
// (e.g. "slack"), which is the default Nango suggests when an integration is added.
import type { Nango } from "@nangohq/node";
import { z } from "zod";
import type { ActionCredentials } from "../../connectors/_sdk/define";
import { ConnectorError } from "../../connectors/_sdk/errors";
import { getConnector } from "../../connectors/registry";
import type { Connection, PrismaClient } from "../../prisma/client";
import { ConfigError } from "../config";
import { AppError } from "../errors";
import type { Env } from "./env";
import { markConnectionBroken } from "./mark-broken";

const blankIsUnset = (v: unknown) => (v === "" ? undefined : v);
const nangoEnvSchema = z.object({
  NANGO_SECRET_KEY: z.preprocess(blankIsUnset, z.string().optional()),
  /** Self-hosted Nango; default Nango Cloud. */
  NANGO_HOST: z.preprocess(blankIsUnset, z.url().default("https://api.nango.dev")),
  /** Environments created after 2026-04 sign webhooks with their own key; older ones with the secret key. */
  NANGO_WEBHOOK_SIGNING_KEY: z.preprocess(blankIsUnset, z.string().optional()),
});

export type NangoCredentialsResult =
  { ok: true; credentials: ActionCredentials } | { ok: false; message: string };

export type NangoWebhookResult =
  | { outcome: "created" | "repaired" | "marked_broken"; connectionId: string }
  | { outcome: "ignored"; reason: string };

export interface NangoBackend {
  /** A token for the frontend's Connect UI; with `connectionId`, a reconnect session for it. */
  createConnectSession(input: {
    workspaceId: string;
    userId: string;
    connectorId: string;
    connectionId?: string;
  }): Promise<{ token: string; connectLink: string; expiresAt: Date }>;
  /** Verifies X-Nango-Hmac-Sha256 over the raw body, then applies an auth webhook. */
  handleNangoWebhook(
    rawBody: string,
    headers: Headers | Record<string, string | string[] | undefined>,
  ): Promise<NangoWebhookResult>;
  /** Nango refreshes as needed; `forceRefresh` after the provider answered 401. Transient failures throw ConnectorError. */
  getNangoCredentials(
    connection: Connection,
    options?: { forceRefresh?: boolean },
  ): Promise<NangoCredentialsResult>;
}

const REQUEST_TIMEOUT_MS = 15_000;

/** null when NANGO_SECRET_KEY is not set (the built-in backend is then the only one). */
export function createNangoBackend(deps: { prisma: PrismaClient; env?: Env }): NangoBackend | null {
  const parsed = nangoEnvSchema.safeParse(deps.env ?? process.env);
  if (!parsed.success) {
    throw new ConfigError(
      `Invalid Nango settings: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const env = parsed.data;
  if (env.NANGO_SECRET_KEY === undefined) return null;
  const { prisma } = deps;
  const apiKey = env.NANGO_SECRET_KEY;
  // The SDK (with its axios) is ~30 MB: loaded on first use, not by every worker at start.
  let client: Promise<Nango> | undefined;
  const sdk = () =>
    (client ??= import("@nangohq/node").then(
      ({ Nango }) =>
        new Nango(
          {
            host: env.NANGO_HOST,
            apiKey,
            webhookSigningKey: env.NANGO_WEBHOOK_SIGNING_KEY ?? apiKey,
          },
          // The SDK's axios client has no timeout of its own.
          {
            interceptors: {
              request: (config) => Object.assign(config, { timeout: REQUEST_TIMEOUT_MS }),
            },
          },
        ),
    ));

  return {
    async createConnectSession({ workspaceId, userId, connectorId, connectionId }) {
      const integrationId = integrationFor(connectorId);
      const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
      const endUser = { id: userId, email: user.email, display_name: user.name };
      // Tags come back in the auth webhook: they say whose connection it is.
      const tags = {
        end_user_id: userId,
        end_user_email: user.email,
        workspace_id: workspaceId,
        connector_id: connectorId,
      };
      let response;
      if (connectionId !== undefined) {
        const existing = await prisma.connection.findFirst({
          where: { id: connectionId, workspaceId, connectorId, backend: "nango" },
        });
        if (!existing?.nangoConnectionId)
          throw new AppError("not_found", "No Nango connection to reconnect with that id");
        response = await (
          await sdk()
        ).createReconnectSession({
          connection_id: existing.nangoConnectionId,
          integration_id: integrationId,
          end_user: endUser,
          tags,
        });
      } else {
        response = await (
          await sdk()
        ).createConnectSession({
          end_user: endUser,
          allowed_integrations: [integrationId],
          tags,
        });
      }
      const { token, connect_link, expires_at } = response.data;
      return { token, connectLink: connect_link, expiresAt: new Date(expires_at) };
    },

    async handleNangoWebhook(rawBody, headers) {
      const headerRecord = headers instanceof Headers ? Object.fromEntries(headers) : headers;
      if (!(await sdk()).verifyIncomingWebhookRequest(rawBody, headerRecord)) {
        throw new AppError("unauthenticated", "The Nango webhook signature is missing or wrong");
      }
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        throw new AppError("invalid_input", "The Nango webhook body is not JSON");
      }
      const kind = z.object({ type: z.string() }).safeParse(json);
      if (!kind.success || kind.data.type !== "auth")
        return { outcome: "ignored", reason: "not an auth webhook" };
      const parsed = authWebhookSchema.safeParse(json);
      if (!parsed.success)
        throw new AppError(
          "invalid_input",
          `Unexpected Nango auth webhook: ${parsed.error.message}`,
        );
      return applyAuthWebhook(prisma, parsed.data);
    },

    async getNangoCredentials(connection, options = {}) {
      if (connection.nangoConnectionId === null) {
        return { ok: false, message: "The connection has no Nango connection id" };
      }
      let raw: unknown;
      try {
        raw = await (
          await sdk()
        ).getConnection(
          integrationFor(connection.connectorId),
          connection.nangoConnectionId,
          options.forceRefresh ?? false,
        );
      } catch (error) {
        return nangoFailure(error);
      }
      const parsed = nangoCredentialsSchema.safeParse(raw);
      if (!parsed.success) {
        return {
          ok: false,
          message: `Nango returned credentials Switchyard cannot use: ${parsed.error.message}`,
        };
      }
      const credentials = parsed.data.credentials;
      return {
        ok: true,
        credentials:
          credentials.type === "OAUTH2"
            ? { kind: "oauth2", accessToken: credentials.access_token }
            : { kind: "api_key", apiKey: credentials.apiKey },
      };
    },
  };
}

function integrationFor(connectorId: string): string {
  const provider = getConnector(connectorId)?.provider;
  if (!provider)
    throw new AppError("not_found", `No connector "${connectorId}" that needs an account`);
  return provider;
}

const authWebhookSchema = z.object({
  type: z.literal("auth"),
  operation: z.string(),
  success: z.boolean(),
  connectionId: z.string().min(1),
  providerConfigKey: z.string(),
  tags: z.record(z.string(), z.string()).optional(),
  error: z.object({ type: z.string(), description: z.string() }).optional(),
});
type AuthWebhook = z.infer<typeof authWebhookSchema>;

const nangoCredentialsSchema = z.object({
  credentials: z.discriminatedUnion("type", [
    z.object({ type: z.literal("OAUTH2"), access_token: z.string().min(1) }),
    z.object({ type: z.literal("API_KEY"), apiKey: z.string().min(1) }),
  ]),
});

async function applyAuthWebhook(
  prisma: PrismaClient,
  hook: AuthWebhook,
): Promise<NangoWebhookResult> {
  const operation = hook.success ? hook.operation : `${hook.operation} failure`;
  return prisma.$transaction(async (tx) => {
    // Nango retries webhooks: serialize per Nango connection so a repeat cannot create twice.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`nango:${hook.connectionId}`}))`;
    const existing = await tx.connection.findFirst({
      where: { backend: "nango", nangoConnectionId: hook.connectionId },
    });
    if (operation === "refresh failure") {
      if (!existing)
        return { outcome: "ignored", reason: "refresh failure for an unknown connection" };
      const why = hook.error?.description ?? "Nango could not refresh the access token";
      await markConnectionBroken(tx, existing.id, why);
      return { outcome: "marked_broken", connectionId: existing.id };
    }
    if (operation !== "creation" && operation !== "override") {
      return { outcome: "ignored", reason: `auth ${operation} needs no action` };
    }
    if (existing) {
      await tx.connection.update({
        where: { id: existing.id },
        data: { status: "connected", brokenAt: null, lastError: null, lastErrorAt: null },
      });
      return { outcome: "repaired", connectionId: existing.id };
    }
    const workspaceId = hook.tags?.workspace_id;
    const ownerId = hook.tags?.end_user_id;
    const connector = getConnector(hook.tags?.connector_id ?? "");
    if (
      !workspaceId ||
      !ownerId ||
      !connector ||
      connector.provider === null ||
      connector.auth.kind === "none"
    ) {
      return {
        outcome: "ignored",
        reason: "the connection was not started from Switchyard (tags missing)",
      };
    }
    if (connector.provider !== hook.providerConfigKey) {
      return {
        outcome: "ignored",
        reason: `integration "${hook.providerConfigKey}" is not ${connector.id}'s`,
      };
    }
    const created = await tx.connection.create({
      data: {
        workspaceId,
        ownerId,
        connectorId: connector.id,
        provider: connector.provider,
        backend: "nango",
        authKind: connector.auth.kind,
        label: `${connector.displayName} (${new Date().toISOString().slice(0, 10)})`,
        nangoConnectionId: hook.connectionId,
      },
    });
    return { outcome: "created", connectionId: created.id };
  });
}

const axiosLikeError = z.object({
  response: z.object({ status: z.number(), data: z.unknown() }).optional(),
  code: z.string().optional(),
  message: z.string(),
});

/**
 * Nango's answer when it cannot hand out credentials. 4xx about the connection (not found,
 * refresh failed) means it needs reconnecting; 401/403 means Switchyard's own key is wrong,
 * which no user can fix; 5xx, 429 and network trouble are worth retrying.
 */
function nangoFailure(error: unknown): NangoCredentialsResult {
  const parsed = axiosLikeError.safeParse(error);
  if (!parsed.success) throw error;
  const { response, message } = parsed.data;
  if (!response) throw ConnectorError.network(`Could not reach Nango: ${message}`, error);
  const detail = z.object({ error: z.object({ message: z.string() }) }).safeParse(response.data);
  const said = detail.success ? detail.data.error.message : `HTTP ${response.status}`;
  if (response.status === 401 || response.status === 403) {
    throw new ConnectorError({
      errorClass: "internal",
      retryable: false,
      httpStatus: response.status,
      message: `Nango refused Switchyard's NANGO_SECRET_KEY: ${said}`,
    });
  }
  if (response.status >= 500 || response.status === 429 || response.status === 408) {
    throw ConnectorError.fromHttpStatus(response.status, `Nango: ${said}`);
  }
  return { ok: false, message: `Nango could not provide credentials: ${said}` };
}
