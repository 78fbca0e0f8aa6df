import { createServer } from "node:http";

// A tiny local API for trying Switchyard offline (`npm run demo-api`):
//   POST/GET /echo           answers 200 with what it received
//   ANY      /status/<code>  answers with that HTTP status
//   ANY      /delay/<ms>     answers 200 after <ms> milliseconds
// Actions may reach it only when SWITCHYARD_ALLOW_PRIVATE_NETWORK=true.

const port = Number(process.env.DEMO_API_PORT ?? 4010);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    const body = Buffer.concat(chunks).toString("utf8");
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(json));
    };
    const [, route, arg] = url.pathname.split("/");
    console.log(`[demo-api] ${req.method} ${url.pathname}`);
    if (route === "echo") {
      let parsed: unknown = body;
      try {
        parsed = body ? JSON.parse(body) : null;
      } catch {
        // plain text stays text
      }
      return reply(200, {
        method: req.method,
        path: url.pathname,
        body: parsed,
        receivedAt: new Date(),
      });
    }
    if (route === "status" && arg && /^\d{3}$/.test(arg)) {
      return reply(Number(arg), { status: Number(arg), message: `demo status ${arg}` });
    }
    if (route === "delay" && arg && /^\d+$/.test(arg)) {
      const timer = setTimeout(() => reply(200, { delayedMs: Number(arg) }), Number(arg));
      res.on("close", () => clearTimeout(timer));
      return;
    }
    reply(404, { error: `no demo route ${url.pathname}` });
  });
});

server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  console.log(`[demo-api] listening on http://127.0.0.1:${actual}`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
