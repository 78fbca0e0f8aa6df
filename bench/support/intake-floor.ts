// The intake floor: the least a durable webhook intake can do. node:http + pg, no
// framework: parse the JSON body, then in one transaction insert a row and enqueue a
// graphile-worker job; answer 202 only after COMMIT. Run as its own process by the intake
// benchmark (DATABASE_URL, POOL_SIZE); prints "listening <port>".
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";

const MAX_BYTES = 1024 * 1024;
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_SIZE ?? 10),
});
pool.on("error", (err) => console.error(`pool: ${err.message}`));
await pool.query(`CREATE TABLE IF NOT EXISTS bench_intake
  (id bigserial PRIMARY KEY, payload jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now())`);

function reply(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function accept(raw: Buffer, res: http.ServerResponse) {
  let payload: unknown;
  try {
    payload = JSON.parse(raw.toString("utf8"));
  } catch {
    return reply(res, 400, { error: "invalid_json" });
  }
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ id: string }>(
      "INSERT INTO bench_intake (payload) VALUES ($1) RETURNING id",
      [JSON.stringify(payload)],
    );
    await client.query(
      "SELECT graphile_worker.add_job('bench_intake', json_build_object('id', $1::bigint))",
      [rows[0]!.id],
    );
    await client.query("COMMIT");
    reply(res, 202, { id: rows[0]!.id });
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    reply(res, 500, { error: err instanceof Error ? err.message : String(err) });
  } finally {
    client.release();
  }
}

const server = http.createServer((req, res) => {
  if (req.method !== "POST") return reply(res, 405, { error: "method_not_allowed" });
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BYTES) chunks.push(chunk);
  });
  req.on("end", () => {
    if (size > MAX_BYTES) return reply(res, 413, { error: "payload_too_large" });
    void accept(Buffer.concat(chunks), res);
  });
});
server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => void pool.end().then(() => process.exit(0)));
});
