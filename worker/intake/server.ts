// The intake process's HTTP server (node:http, no framework: a Next.js route handler by
// itself cost ~1.2 ms of CPU per request). It answers POST /hooks/<token> itself and,
// given the web app's address, passes every other request through to it — WebSocket
// upgrades included — so one public origin serves both (docs/deploy.md).
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import pg from "pg";
import type { Logger } from "pino";
import type { KeyRing } from "../connections/crypto";
import { dataAnswerHeaders } from "../http/security-headers";
import { readLimitedBody } from "../triggers/webhook-body";
import type { HeaderReader } from "../triggers/webhook-signature";
import { acceptEvent, type IntakeAnswer, type IntakeDeps } from "./accept-event";
import { resolveClientAddress, TrustedProxies } from "./client-address";
import { HookConfigCache, listenForConfigChanges, loadHookConfig } from "./hook-config";

export interface IntakeServerOptions {
  databaseUrl: string;
  ring: KeyRing;
  env: NodeJS.ProcessEnv;
  /** Workspaces that may use secrets from `env` (see IntakeDeps). */
  envSecretWorkspaces: ReadonlySet<string> | "all";
  maxBytes: number;
  /** Webhooks per workspace and minute; 0: no quota. */
  quotaPerMinute: number;
  host: string;
  /** 0: any free port. */
  port: number;
  poolSize: number;
  /** The web app (e.g. http://127.0.0.1:3001); without it, other paths are 404. */
  upstream?: string;
  /** Proxies in front of this one whose X-Forwarded-For is believed (none: the socket's peer). */
  trustedProxies?: TrustedProxies;
  /** Strict-Transport-Security on its own answers (SWITCHYARD_HSTS; TLS deployments). */
  hsts?: boolean;
  log: Logger;
}

export interface IntakeServer {
  /** http://<host>:<port> */
  url: string;
  /** Whether cached webhook configurations are being invalidated (LISTEN is up). */
  listening(): boolean;
  close(): Promise<void>;
}

export const INTAKE_HEALTH_PATH = "/_intake/health";

export async function startIntakeServer(options: IntakeServerOptions): Promise<IntakeServer> {
  const { log } = options;
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize });
  // An idle client's error (the database restarting) must not crash the process.
  pool.on("error", (err) => log.warn({ err: err.message }, "intake pool client lost"));
  const cache = new HookConfigCache((token) => loadHookConfig(pool, options.ring, token));
  const listener = listenForConfigChanges(
    () => new pg.Client({ connectionString: options.databaseUrl }),
    cache,
    { warn: (message) => log.warn(message) },
  );
  const deps: IntakeDeps = {
    hookConfig: (token) => cache.get(token),
    sql: pool,
    env: options.env,
    envSecretWorkspaces: options.envSecretWorkspaces,
    maxBytes: options.maxBytes,
    quotaPerMinute: options.quotaPerMinute,
    log,
  };
  const answerHeaders = dataAnswerHeaders({ hsts: options.hsts ?? false });
  const reply = (req: http.IncomingMessage, res: http.ServerResponse, answer: IntakeAnswer) =>
    replyWith(answerHeaders, req, res, answer);
  const proxy = options.upstream
    ? makeProxy(
        new URL(options.upstream),
        options.trustedProxies ?? new TrustedProxies([]),
        answerHeaders,
        log,
      )
    : null;

  const server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    if (path.startsWith("/hooks/")) {
      void acceptEvent(deps, {
        method: req.method ?? "GET",
        path,
        headers: nodeHeaders(req.headers),
        readBody: (max) => readLimitedBody(req, req.headers["content-length"], max),
      }).then((answer) => reply(req, res, answer));
    } else if (path === INTAKE_HEALTH_PATH) {
      reply(req, res, { status: 200, body: { ok: true, invalidation: cache.listening } });
    } else if (proxy) {
      proxy.request(req, res);
    } else {
      reply(req, res, {
        status: 404,
        body: { error: { code: "not_found", message: "Not found" } },
      });
    }
  });
  if (proxy) server.on("upgrade", proxy.upgrade);
  server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeouts

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host === "0.0.0.0" ? "127.0.0.1" : options.host}:${port}`,
    listening: () => cache.listening,
    async close() {
      // Requests in flight finish (their events commit or not, and are answered); idle
      // keep-alive connections go now, and any left after a few seconds are cut.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 5_000);
      await closed;
      clearTimeout(force);
      await listener.close();
      await pool.end();
    },
  };
}

function replyWith(
  securityHeaders: Record<string, string>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  answer: IntakeAnswer,
) {
  const headers: Record<string, string> = {
    ...securityHeaders,
    "content-type": "application/json",
    ...answer.headers,
  };
  // Answered before the body was read (413): this connection cannot carry another request.
  if (!req.complete) headers.connection = "close";
  res.writeHead(answer.status, headers).end(JSON.stringify(answer.body));
}

function nodeHeaders(headers: http.IncomingHttpHeaders): HeaderReader {
  return {
    get(name) {
      const value = headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/**
 * Passes requests and upgrades through to the web app, unchanged but for X-Forwarded-For,
 * which it replaces with the one client address it vouches for: the socket's peer, or what
 * trusted proxies in front said. The web app believes its loopback (or trusted) peer, so
 * what a client wrote into the header never reaches its sign-in limits. The web app's
 * answers carry its own security headers; `ownHeaders` go on the 502 it answers itself.
 */
function makeProxy(
  upstream: URL,
  trusted: TrustedProxies,
  ownHeaders: Record<string, string>,
  log: Logger,
) {
  // Idle connections are dropped before the web app's own keep-alive timeout (Node's
  // default 5 s), so one is rarely reused just as the other side closes it.
  const agent = new http.Agent({ keepAlive: true, timeout: 4_000 });
  const target = { hostname: upstream.hostname, port: Number(upstream.port || 80) };
  const clientAddress = (req: http.IncomingMessage) =>
    resolveClientAddress(
      req.socket.remoteAddress,
      nodeHeaders(req.headers).get("x-forwarded-for"),
      trusted,
    );

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, retried: boolean) => {
    const outgoing = http.request(
      {
        ...target,
        agent,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, "x-forwarded-for": clientAddress(req) },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    outgoing.on("error", (err) => {
      // A kept-alive connection the web app closed just as it was reused: a request without
      // a body can safely go again, once, on a fresh connection.
      const bodiless = req.method === "GET" || req.method === "HEAD";
      if (outgoing.reusedSocket && bodiless && !retried && !res.headersSent) {
        return forward(req, res, true);
      }
      log.warn({ err: err.message }, "web app unreachable");
      if (!res.headersSent) {
        res
          .writeHead(502, {
            ...ownHeaders,
            "content-type": "text/plain; charset=utf-8",
            "retry-after": "2",
          })
          .end("The web app is not reachable yet; try again in a moment.\n");
      } else res.destroy();
    });
    if (retried) outgoing.end();
    else req.pipe(outgoing);
  };

  return {
    request(req: http.IncomingMessage, res: http.ServerResponse) {
      forward(req, res, false);
    },
    upgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer) {
      const outgoing = net.connect(target.port, target.hostname, () => {
        const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) {
          if (req.rawHeaders[i]?.toLowerCase() === "x-forwarded-for") continue;
          lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        }
        lines.push(`X-Forwarded-For: ${clientAddress(req)}`);
        outgoing.write(`${lines.join("\r\n")}\r\n\r\n`);
        if (head.length > 0) outgoing.write(head);
        socket.pipe(outgoing).pipe(socket);
      });
      const close = () => {
        socket.destroy();
        outgoing.destroy();
      };
      outgoing.on("error", close);
      socket.on("error", close);
    },
  };
}
