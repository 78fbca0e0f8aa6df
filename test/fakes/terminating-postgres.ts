// A "Postgres" on 127.0.0.1 that lets every client in and, in the very packet that makes
// the connection ready, terminates it the way a server shutting down does (FATAL 57P01).
// On a real restart that coincidence is rare and timing-bound; here it happens every time.
import net from "node:net";
import type { AddressInfo } from "node:net";

export interface TerminatingPostgres {
  url: string;
  /** Connections it has let in and terminated so far. */
  connections(): number;
  close(): Promise<void>;
}

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, "ascii");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const READY_THEN_TERMINATED = Buffer.concat([
  message("R", Buffer.from([0, 0, 0, 0])), // AuthenticationOk
  message("Z", Buffer.from("I")), // ReadyForQuery (idle)
  message(
    "E",
    Buffer.from("SFATAL\0C57P01\0Mterminating connection due to administrator command\0\0"),
  ),
]);

export async function startTerminatingPostgres(): Promise<TerminatingPostgres> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    // The first packet is the client's startup message; the answer is one write.
    socket.once("data", () => {
      connections += 1;
      socket.end(READY_THEN_TERMINATED);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `postgres://switchyard:secret@127.0.0.1:${port}/switchyard`,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
