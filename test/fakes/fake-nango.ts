// A fake Nango API on 127.0.0.1, for contract tests of worker/connections/nango-backend.ts
// through the real @nangohq/node SDK. It answers the calls Switchyard makes, refuses any
// request without `Authorization: Bearer <secretKey>` as Nango does, records every
// request, and signs webhooks the way Nango does (X-Nango-Hmac-Sha256: hex HMAC-SHA256 of
// the raw body with the environment's webhook signing key).
//
//   POST /connect/sessions              -> { data: { token, connect_link, expires_at } }
//   POST /connect/sessions/reconnect    -> same
//   GET  /connections/:id?provider_config_key=...&force_refresh=... -> the connection, with credentials
import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface NangoRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or undefined. */
  json: unknown;
}

export type NangoCredentials =
  | { type: "OAUTH2"; access_token: string; refresh_token?: string; expires_at?: string }
  | { type: "API_KEY"; apiKey: string };

/** What GET /connections/:id answers: credentials, or an error status with Nango's error body. */
export type FakeConnectionAnswer =
  | { providerConfigKey: string; credentials: NangoCredentials }
  | { status: number; code: string; message: string };

export interface FakeNango {
  /** "http://127.0.0.1:<port>", for NANGO_HOST. */
  url: string;
  /** For NANGO_SECRET_KEY. */
  secretKey: string;
  /** For NANGO_WEBHOOK_SIGNING_KEY. */
  webhookSigningKey: string;
  requests: NangoRequest[];
  /** Sets what GET /connections/<connectionId> answers from now on. */
  setConnection(connectionId: string, answer: FakeConnectionAnswer): void;
  /** The headers Nango sends with this webhook body. */
  signWebhook(rawBody: string): Record<string, string>;
  close(): Promise<void>;
}

export async function startFakeNango(): Promise<FakeNango> {
  const secretKey = `nango-secret-${randomBytes(8).toString("hex")}`;
  const webhookSigningKey = `nango-signing-${randomBytes(8).toString("hex")}`;
  const requests: NangoRequest[] = [];
  const connections = new Map<string, FakeConnectionAnswer>();
  let sessions = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake-nango");
      const body = Buffer.concat(chunks).toString("utf8");
      const request: NangoRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        json: body === "" ? undefined : (JSON.parse(body) as unknown),
      };
      requests.push(request);
      const [status, answer] = route(request);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer));
    });
  });

  function route(request: NangoRequest): [number, unknown] {
    if (request.headers.authorization !== `Bearer ${secretKey}`) {
      return [401, { error: { code: "unknown_account", message: "Authentication failed" } }];
    }
    const { method, path } = request;
    if (
      method === "POST" &&
      (path === "/connect/sessions" || path === "/connect/sessions/reconnect")
    ) {
      sessions += 1;
      const token = `nango_connect_session_${sessions}`;
      return [
        201,
        {
          data: {
            token,
            connect_link: `${address}/connect?session_token=${token}`,
            expires_at: new Date(Date.now() + 30 * 60_000).toISOString(),
          },
        },
      ];
    }
    const match = /^\/connections\/([^/]+)$/.exec(path);
    if (method === "GET" && match) {
      const connectionId = decodeURIComponent(match[1] ?? "");
      const answer = connections.get(connectionId);
      if (
        !answer ||
        ("providerConfigKey" in answer &&
          answer.providerConfigKey !== request.query.provider_config_key)
      ) {
        return [404, { error: { code: "not_found", message: `No connection ${connectionId}` } }];
      }
      if ("status" in answer)
        return [answer.status, { error: { code: answer.code, message: answer.message } }];
      const now = new Date().toISOString();
      return [
        200,
        {
          id: 1,
          connection_id: connectionId,
          provider_config_key: answer.providerConfigKey,
          provider: answer.providerConfigKey,
          created_at: now,
          updated_at: now,
          last_fetched_at: now,
          metadata: null,
          connection_config: {},
          errors: [],
          end_user: null,
          tags: {},
          credentials: { ...answer.credentials, raw: {} },
        },
      ];
    }
    return [404, { error: { code: "not_found", message: `No route ${method} ${path}` } }];
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: address,
    secretKey,
    webhookSigningKey,
    requests,
    setConnection: (connectionId, answer) => connections.set(connectionId, answer),
    signWebhook: (rawBody) => ({
      "content-type": "application/json",
      "x-nango-hmac-sha256": createHmac("sha256", webhookSigningKey).update(rawBody).digest("hex"),
    }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
