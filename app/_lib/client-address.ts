import { randomBytes } from "node:crypto";
import diagnostics from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import {
  LOOPBACK_RANGES,
  resolveClientAddress,
  TrustedProxies,
  trustedProxiesSchema,
} from "../../worker/intake/client-address";

// Next.js hands route handlers and server actions the request's headers but not its socket,
// and fills X-Forwarded-For from the socket only when the client sent none. So the server
// process writes the socket's peer into a header of its own before Next sees the request,
// with a secret nonce of this process: a client that sends the header itself cannot match it.

const PEER_HEADER = "x-switchyard-peer";

const state = globalThis as typeof globalThis & {
  __switchyardPeerNonce?: string;
  __switchyardTrustedProxies?: TrustedProxies;
};

/** Called once per server process (instrumentation-node.ts), before requests are served. */
export function stampPeerAddresses(): void {
  if (state.__switchyardPeerNonce) return;
  const nonce = randomBytes(16).toString("hex");
  state.__switchyardPeerNonce = nonce;
  // Published by node:http for every request, before the server's "request" event.
  diagnostics.subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_HEADER] = `${nonce} ${socket.remoteAddress ?? ""}`;
  });
}

function peerAddress(headers: Headers): string | null {
  const [nonce, address] = (headers.get(PEER_HEADER) ?? "").split(" ");
  return nonce && nonce === state.__switchyardPeerNonce ? (address ?? null) : null;
}

/** Loopback (the intake front) and SWITCHYARD_TRUSTED_PROXIES (validated at start-up). */
function trustedProxies(): TrustedProxies {
  state.__switchyardTrustedProxies ??= new TrustedProxies([
    ...LOOPBACK_RANGES,
    ...trustedProxiesSchema.parse(process.env.SWITCHYARD_TRUSTED_PROXIES ?? ""),
  ]);
  return state.__switchyardTrustedProxies;
}

/** The address the deployment vouches for as the request's client (worker/intake/client-address.ts). */
export function clientAddress(headers: Headers): string {
  return resolveClientAddress(
    peerAddress(headers),
    headers.get("x-forwarded-for"),
    trustedProxies(),
  );
}
