// Switchyard's webhook intake (the handler app/hooks/[token]/route.ts calls) served with
// node:http on 127.0.0.1, for benchmarks that start runs by webhook without a Next build.
import http from "node:http";
import { Readable } from "node:stream";
import type { PrismaClient } from "../../prisma/client";
import { createWebhookHandler } from "../../worker/triggers/accept-webhook";
import { listenOnLoopback } from "./cleanup";

export interface ServedIntake {
  /** "http://127.0.0.1:<port>"; webhooks are POST <url>/hooks/<token>. */
  url: string;
  close(): Promise<void>;
}

export async function serveIntake(prisma: PrismaClient): Promise<ServedIntake> {
  const handler = createWebhookHandler({ prisma });
  const server = http.createServer((req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, {
      method: req.method,
      headers,
      body: req.method === "POST" ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      duplex: "half",
    } as RequestInit);
    void handler(request).then(
      async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      },
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  const { port, close } = await listenOnLoopback(server, "webhook intake");
  return { url: `http://127.0.0.1:${port}`, close };
}
