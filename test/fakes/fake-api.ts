// A fake SaaS API on 127.0.0.1 for tests that go over real HTTP. Routes can be scripted
// with a sequence of answers (the last one repeats); every request is recorded with its
// timing, and successful side effects are counted per Idempotency-Key.
//
// Built-in routes when a path is not scripted:
//   /echo        200 with { method, path, query, headers, body } of the request
//   /slow/<ms>   200 with { sleptMs } after <ms> milliseconds
//   anything else 404
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ScriptedResponse {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON with content-type application/json. */
  json?: unknown;
  /** Sent as is; with a JSON content-type header this is how to send malformed JSON. */
  body?: string | Buffer;
  /** Wait before answering; nothing is sent (and no side effect counted) if the client leaves. */
  delayMs?: number;
  /** Hold the answer until this settles (after delayMs); nothing is sent if the client leaves first. */
  heldUntil?: Promise<unknown>;
  /** Send the status line and headers, then stall this long before the body. */
  hangMs?: number;
  /** Close the socket without any response (after delayMs). */
  destroySocket?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** Date.now() when the request arrived. */
  startedAt: number;
  /** Date.now() when the exchange ended (response sent or connection gone); null while open. */
  endedAt: number | null;
  /** The status sent, or null when none was. */
  status: number | null;
  /** Whether the whole response reached the socket. */
  completed: boolean;
}

export interface FakeApi {
  /** "http://127.0.0.1:<port>", no trailing slash. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Idempotency-Key → number of 2xx responses sent with that key. */
  sideEffects: Map<string, number>;
  /** Answers requests to `path` (any method) with `responses` in order; the last repeats. */
  script(path: string, responses: readonly ScriptedResponse[]): void;
  requestsTo(path: string): RecordedRequest[];
  /** Forgets scripts, requests and side effects. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeApi(): Promise<FakeApi> {
  const requests: RecordedRequest[] = [];
  const sideEffects = new Map<string, number>();
  const scripts = new Map<string, { responses: readonly ScriptedResponse[]; next: number }>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: "",
      json: undefined,
      startedAt: Date.now(),
      endedAt: null,
      status: null,
      completed: false,
    };
    requests.push(record);
    res.on("close", () => {
      record.endedAt = Date.now();
      record.completed = res.writableFinished;
    });

    void readBody(req).then(
      async (body) => {
        record.body = body;
        record.json = parseJson(body);
        const spec = pickResponse(scripts.get(url.pathname), record);
        await respond(spec, req, res, record, () => {
          const key = req.headers["idempotency-key"];
          if (typeof key === "string") sideEffects.set(key, (sideEffects.get(key) ?? 0) + 1);
        });
      },
      () => undefined,
    ); // the client went away while sending its body
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    sideEffects,
    script(path, responses) {
      if (responses.length === 0) throw new Error("script() needs at least one response");
      scripts.set(path, { responses, next: 0 });
    },
    requestsTo: (path) => requests.filter((r) => r.path === path),
    reset() {
      scripts.clear();
      requests.length = 0;
      sideEffects.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function pickResponse(
  script: { responses: readonly ScriptedResponse[]; next: number } | undefined,
  record: RecordedRequest,
): ScriptedResponse {
  if (script) {
    const index = Math.min(script.next, script.responses.length - 1);
    script.next += 1;
    return script.responses[index] as ScriptedResponse;
  }
  if (record.path === "/echo") {
    const { method, path, query, headers, body, json } = record;
    return { json: { method, path, query, headers, body: json ?? body } };
  }
  const slow = /^\/slow\/(\d+)$/.exec(record.path);
  if (slow) return { delayMs: Number(slow[1]), json: { sleptMs: Number(slow[1]) } };
  return { status: 404, json: { error: `No route for ${record.path}` } };
}

async function respond(
  spec: ScriptedResponse,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  record: RecordedRequest,
  onSuccess: () => void,
): Promise<void> {
  if (spec.delayMs !== undefined && !(await waitUnlessClosed(res, delay(spec.delayMs)))) return;
  if (spec.heldUntil !== undefined && !(await waitUnlessClosed(res, spec.heldUntil))) return;
  if (spec.destroySocket) {
    req.socket.destroy();
    return;
  }
  const status = spec.status ?? 200;
  const body = spec.json !== undefined ? JSON.stringify(spec.json) : (spec.body ?? "");
  const headers: Record<string, string> = {
    ...(spec.json !== undefined ? { "content-type": "application/json" } : {}),
    ...spec.headers,
  };
  record.status = status;
  if (status >= 200 && status < 300) onSuccess();
  res.writeHead(status, headers);
  if (spec.hangMs !== undefined) {
    res.flushHeaders();
    if (!(await waitUnlessClosed(res, delay(spec.hangMs)))) return;
  }
  res.end(body);
}

/** Resolves true once `until` settles, or false as soon as the connection closes. */
function waitUnlessClosed(res: http.ServerResponse, until: Promise<unknown>): Promise<boolean> {
  if (res.closed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = () => resolve(false);
    res.once("close", onClose);
    const done = () => {
      res.off("close", onClose);
      resolve(!res.closed);
    };
    until.then(done, done);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
