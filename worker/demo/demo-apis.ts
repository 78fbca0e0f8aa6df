// The demo world's two SaaS-like APIs, so a new user can connect accounts and run
// automations offline: Demo Chat (under /chat/) and Demo Tracker (under /tracker/), on
// one node:http server bound to 127.0.0.1, with their data in memory.
//
// Every /chat/ and /tracker/ call needs `Authorization: Bearer <token>`, checked through
// `validateToken` (the demo OAuth provider's introspection). A missing, revoked or expired
// token gets 401 { error: "invalid_token", message }, which Switchyard reads as a broken
// connection. When the token's info lists scopes, the route's scope must be among them
// (403 insufficient_scope otherwise); see DEMO_SCOPES.
//
//   GET  /chat/channels                     chat:read      200 { channels: [{ id, name, topic }] }
//   GET  /chat/messages[?channel=general]   chat:read      200 { messages }, oldest first
//   POST /chat/messages { channel, text }   chat:write     201 { id, channel, text, author, ts }
//        channel is general, alerts or sales ("#general" works too); any other is a 404
//   GET  /tracker/issues                    tracker:read   200 { issues }
//   GET  /tracker/issues/:number            tracker:read   200 { ...issue, comments }
//   POST /tracker/issues { title, body?, labels? }         tracker:write
//        201 { id, number, title, body, labels, url, state: "open", author, createdAt }
//   POST /tracker/issues/:number/comments { body }         tracker:write
//        201 { id, issueNumber, body, author, createdAt }; an unknown issue is a 404
//
// Errors are always { error: <code>, message }. A POST with an Idempotency-Key header is
// done once: repeating it (same key, path and body) answers the first response again,
// with `Idempotent-Replayed: true`; the same key with another path or body is a 422.
//
// For people, GET / is an HTML page (no token needed) listing what was posted.
//
// Fault injection, to show retries, broken connections and failure reports:
//   POST /_demo/faults { path, status?, delayMs?, count?, method?, afterEffect?, retryAfterSeconds? }
//     The next `count` (default 1) calls to `path` (exact, e.g. "/tracker/issues", or a
//     prefix ending in *, e.g. "/chat/*"; any method unless `method` is given) answer
//     `status` (400–599) with a JSON error, and a Retry-After header when
//     `retryAfterSeconds` is set; with `delayMs` they wait that long first (a slow
//     service), and with `delayMs` alone they then answer as usual. With `afterEffect: true` the
//     call is carried out first and only its answer is replaced: a "lost response", after
//     which a retry with the same Idempotency-Key gets the original object, not a copy.
//       curl -X POST http://127.0.0.1:4011/_demo/faults \
//         -d '{"path":"/tracker/issues","status":503,"count":2}'
//   GET /_demo/faults lists the pending ones; DELETE /_demo/faults drops them (those of
//   one path with ?path=…);
//   POST /_demo/reset forgets everything posted, the faults and the idempotency keys.
// These need no token (the server listens on loopback only); a browser request from
// another origin is refused, so a web page cannot change the demo behind the user's back.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { renderDemoIndex } from "./demo-index";
import {
  error,
  header,
  normalisePath,
  notAllowed,
  ok,
  parseObject,
  readBody,
  send,
  unauthorized,
  invalid,
  type Reply,
} from "./demo-replies";
import { CHANNELS, demoRoutes } from "./demo-routes";

/** What the OAuth provider says about a token (the RFC 7662 fields the APIs read). */
export interface DemoTokenInfo {
  active: boolean;
  /** The account the token belongs to; shown as the author of what it posts. */
  subject?: string;
  /** Space-separated scopes; when omitted, scopes are not checked. */
  scope?: string;
}

export interface DemoApisOptions {
  /** Default 0: any free port. */
  port?: number;
  validateToken: (token: string) => Promise<DemoTokenInfo>;
}

export interface DemoChannel {
  id: string;
  name: string;
  topic: string;
}

export interface DemoMessage {
  id: string;
  channel: string;
  text: string;
  author: string;
  /** ISO 8601. */
  ts: string;
}

export interface DemoIssue {
  id: string;
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  /** Where a person can see it: its entry on the HTML index. */
  url: string;
  state: "open";
  author: string;
  createdAt: string;
}

export interface DemoComment {
  id: string;
  issueNumber: number;
  body: string;
  author: string;
  createdAt: string;
}

export interface DemoFault {
  path: string;
  /** Upper case; null matches every method. */
  method: string | null;
  /** null: the call is only slowed down, then answered as usual. */
  status: number | null;
  delayMs: number;
  /** Calls still to fail; the fault is dropped when it reaches 0. */
  remaining: number;
  afterEffect: boolean;
  retryAfterSeconds: number | null;
}

/** The APIs' data, live: read it freely, change it only through the APIs or reset(). */
export interface DemoState {
  readonly channels: readonly DemoChannel[];
  readonly messages: DemoMessage[];
  readonly issues: DemoIssue[];
  readonly comments: DemoComment[];
  readonly faults: DemoFault[];
}

export interface DemoApis {
  /** "http://127.0.0.1:<port>", no trailing slash. */
  url: string;
  state: DemoState;
  /** Forgets messages, issues, comments, faults and idempotency keys. */
  reset(): void;
  close(): Promise<void>;
}

/** Every scope the demo APIs check, for the demo OAuth provider to grant. */
export const DEMO_SCOPES = ["chat:read", "chat:write", "tracker:read", "tracker:write"] as const;
export type DemoScope = (typeof DEMO_SCOPES)[number];

/** The SWITCHYARD_CONNECTOR_BASE_URLS entries that point the demo connectors at `url`. */
export function demoConnectorBaseUrls(url: string): Record<string, string> {
  const root = url.replace(/\/+$/, "");
  return { "demo-chat": `${root}/chat`, "demo-tracker": `${root}/tracker` };
}

interface IncomingCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface StoredResult {
  method: string;
  path: string;
  body: string;
  reply: Reply;
}

const faultInput = z
  .object({
    path: z.string().regex(/^\/\S*$/, "a path such as /tracker/issues"),
    status: z.number().int().min(400).max(599).optional(),
    delayMs: z.number().int().min(0).max(60_000).default(0),
    count: z.number().int().min(1).max(1_000).default(1),
    method: z
      .string()
      .regex(/^[A-Za-z]+$/)
      .transform((m) => m.toUpperCase())
      .optional(),
    afterEffect: z.boolean().default(false),
    retryAfterSeconds: z.number().int().min(0).max(3_600).optional(),
  })
  .refine((f) => f.status !== undefined || f.delayMs > 0, "give a status, a delayMs or both");

export async function startDemoApis(options: DemoApisOptions): Promise<DemoApis> {
  const state: DemoState = {
    channels: CHANNELS,
    messages: [],
    issues: [],
    comments: [],
    faults: [],
  };
  const idempotent = new Map<string, StoredResult>();
  let nextId = 1;
  let url = "";

  const routes = demoRoutes(
    state,
    () => nextId++,
    () => url,
  );

  async function handle(call: IncomingCall): Promise<Reply> {
    if (call.path.startsWith("/_demo/")) return control(call);
    if (call.path === "/") {
      if (call.method !== "GET" && call.method !== "HEAD") return notAllowed("GET");
      return { status: 200, html: renderDemoIndex(state, url) };
    }
    const fault = takeFault(call);
    if (fault && fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.status != null && !fault.afterEffect) return faultReply(fault, fault.status);
    const reply = await api(call);
    return fault?.status != null ? faultReply(fault, fault.status) : reply;
  }

  async function api(call: IncomingCall): Promise<Reply> {
    const matching = routes.filter((r) => r.pattern.test(call.path));
    if (matching.length === 0) return error(404, "not_found", `No route for ${call.path}`);
    const route = matching.find((r) => r.method === call.method);
    if (!route) return notAllowed(matching.map((r) => r.method).join(", "));

    const token = /^Bearer\s+(\S+)\s*$/i.exec(call.headers.authorization ?? "")?.[1];
    if (token === undefined) return unauthorized("Missing bearer token");
    let info: DemoTokenInfo;
    try {
      info = await options.validateToken(token);
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      return error(503, "unavailable", `Could not check the token: ${detail}`);
    }
    if (!info.active) return unauthorized("The access token is invalid, expired or revoked");
    if (info.scope !== undefined && !info.scope.split(/\s+/).includes(route.scope)) {
      return {
        ...error(403, "insufficient_scope", `This call needs the "${route.scope}" scope`),
        headers: {
          "www-authenticate": `Bearer error="insufficient_scope", scope="${route.scope}"`,
        },
      };
    }

    let body: Record<string, unknown> = {};
    if (call.method === "POST") {
      const parsed = parseObject(call.body);
      if (parsed === undefined)
        return error(400, "invalid_request", "The body must be a JSON object");
      body = parsed;
    }
    const author = info.subject ?? "demo-user";
    const ctx = {
      author,
      query: call.query,
      body,
      params: route.pattern.exec(call.path)?.slice(1) ?? [],
    };

    const key = call.method === "POST" ? header(call.headers, "idempotency-key") : undefined;
    if (key === undefined) return route.handle(ctx);
    // Keys belong to an account, like Stripe's; the handlers are synchronous, so a retry
    // cannot slip in between the lookup and the store.
    const scoped = `${author}\n${key}`;
    const earlier = idempotent.get(scoped);
    if (earlier) {
      if (
        earlier.method !== call.method ||
        earlier.path !== call.path ||
        earlier.body !== call.body
      ) {
        return error(
          422,
          "idempotency_key_reused",
          "This Idempotency-Key was used for a different request",
        );
      }
      return {
        ...earlier.reply,
        headers: { ...earlier.reply.headers, "idempotent-replayed": "true" },
      };
    }
    const reply = route.handle(ctx);
    if (reply.status >= 200 && reply.status < 300) {
      idempotent.set(scoped, { method: call.method, path: call.path, body: call.body, reply });
    }
    return reply;
  }

  function takeFault(call: IncomingCall): DemoFault | undefined {
    const path = normalisePath(call.path);
    const index = state.faults.findIndex(
      (f) =>
        (f.path.endsWith("*") ? path.startsWith(f.path.slice(0, -1)) : f.path === path) &&
        (f.method === null || f.method === call.method),
    );
    const fault = state.faults[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) state.faults.splice(index, 1);
    return fault;
  }

  function control(call: IncomingCall): Reply {
    const origin = header(call.headers, "origin");
    if (call.method !== "GET" && origin !== undefined && origin !== url) {
      return error(403, "forbidden", "Demo controls only accept requests from this server's pages");
    }
    if (call.path === "/_demo/faults") {
      if (call.method === "GET") return ok({ faults: state.faults });
      if (call.method === "DELETE") {
        const only = call.query.get("path");
        const kept = only === null ? [] : state.faults.filter((f) => f.path !== only);
        state.faults.splice(0, state.faults.length, ...kept);
        return { status: 204 };
      }
      if (call.method !== "POST") return notAllowed("GET, POST, DELETE");
      const input = faultInput.safeParse(parseObject(call.body));
      if (!input.success) return invalid(input.error);
      const { path, status, delayMs, count, method, afterEffect, retryAfterSeconds } = input.data;
      const fault: DemoFault = {
        path: normalisePath(path),
        method: method ?? null,
        status: status ?? null,
        delayMs,
        remaining: count,
        afterEffect,
        retryAfterSeconds: retryAfterSeconds ?? null,
      };
      state.faults.push(fault);
      return { status: 201, json: { fault } };
    }
    if (call.path === "/_demo/reset") {
      if (call.method !== "POST") return notAllowed("POST");
      reset();
      return { status: 204 };
    }
    return error(404, "not_found", `No route for ${call.path}`);
  }

  function reset(): void {
    state.messages.length = 0;
    state.issues.length = 0;
    state.comments.length = 0;
    state.faults.length = 0;
    idempotent.clear();
    nextId = 1;
  }

  const server = http.createServer((req, res) => {
    void readBody(req).then(
      async ({ text, tooLarge }) => {
        if (tooLarge) return send(res, error(413, "too_large", "The body is larger than 1 MB"));
        const parsed = new URL(req.url ?? "/", "http://demo");
        const call: IncomingCall = {
          method: req.method ?? "GET",
          path: parsed.pathname,
          query: parsed.searchParams,
          headers: req.headers,
          body: text,
        };
        let reply: Reply;
        try {
          reply = await handle(call);
        } catch (err) {
          reply = error(500, "internal_error", err instanceof Error ? err.message : String(err));
        }
        send(res, reply, call.method === "HEAD");
      },
      () => undefined, // the client went away while sending its body
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    state,
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function faultReply(fault: DemoFault, status: number): Reply {
  const code = status === 401 ? "invalid_token" : status === 429 ? "rate_limited" : "demo_fault";
  const when = fault.afterEffect ? "after carrying out the call" : "instead of the call";
  const reply = error(
    status,
    code,
    `Demo fault: HTTP ${status} ${when} (${fault.remaining} more to come)`,
  );
  return fault.retryAfterSeconds === null
    ? reply
    : { ...reply, headers: { "retry-after": String(fault.retryAfterSeconds) } };
}
