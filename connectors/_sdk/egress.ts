// SSRF guard. Users type arbitrary URLs into actions, so by default a connector may only
// reach public addresses. The check runs on the address actually dialled (inside the
// socket connect, after DNS), so a hostname that re-resolves to 127.0.0.1 between a
// check and the connection (DNS rebinding) is still refused.
//
// A refusal is classed `input_validation`: it is permanent, and what the user must change
// is the URL they entered (or an operator the deployment's setting).
import dns from "node:dns";
import net from "node:net";
import { Agent, buildConnector, type Dispatcher } from "undici";
import { ConnectorError } from "./errors";

type Family = "ipv4" | "ipv6";

// First match wins, so the specific IPv6 entries come before `::/96`.
// IPv4 rules also match IPv4-mapped IPv6 (::ffff:127.0.0.1): BlockList handles that.
const BLOCKED_RANGES: ReadonlyArray<
  readonly [label: string, network: string, prefix: number, family: Family]
> = [
  ["unspecified", "0.0.0.0", 8, "ipv4"],
  ["private", "10.0.0.0", 8, "ipv4"],
  ["CGNAT", "100.64.0.0", 10, "ipv4"],
  ["loopback", "127.0.0.0", 8, "ipv4"],
  ["link-local", "169.254.0.0", 16, "ipv4"],
  ["private", "172.16.0.0", 12, "ipv4"],
  ["reserved", "192.0.0.0", 24, "ipv4"],
  ["private", "192.168.0.0", 16, "ipv4"],
  ["reserved", "198.18.0.0", 15, "ipv4"],
  ["multicast", "224.0.0.0", 4, "ipv4"],
  ["reserved", "240.0.0.0", 4, "ipv4"],
  ["unspecified", "::", 128, "ipv6"],
  ["loopback", "::1", 128, "ipv6"],
  // IPv4-compatible addresses (::a.b.c.d): deprecated, never a legitimate target.
  ["reserved", "::", 96, "ipv6"],
  ["unique-local", "fc00::", 7, "ipv6"],
  ["link-local", "fe80::", 10, "ipv6"],
  ["site-local", "fec0::", 10, "ipv6"],
  ["multicast", "ff00::", 8, "ipv6"],
];

const BLOCK_LISTS = BLOCKED_RANGES.map(([label, network, prefix, family]) => {
  const list = new net.BlockList();
  list.addSubnet(network, prefix, family);
  return { label, list };
});

/** The blocked range an IP address falls in ("loopback", "private", ...), or null if public. */
export function privateRangeOf(ip: string): string | null {
  const address = ip.replace(/%.*$/, ""); // drop an IPv6 zone id such as %eth0
  const version = net.isIP(address);
  if (version === 0) throw new Error(`Not an IP address: ${ip}`);
  const family: Family = version === 4 ? "ipv4" : "ipv6";
  return BLOCK_LISTS.find(({ list }) => list.check(address, family))?.label ?? null;
}

export function isPrivateAddress(ip: string): boolean {
  return privateRangeOf(ip) !== null;
}

/** Refuses schemes other than http and https before anything is dialled. */
export function assertHttpUrl(url: URL): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConnectorError({
      errorClass: "input_validation",
      message: `Only http and https URLs are supported: ${url.href}`,
      retryable: false,
    });
  }
}

/** The undici dispatcher to use: one shared, connection-pooling agent per policy. */
export function egressDispatcher(allowPrivateNetwork: boolean): Dispatcher {
  if (allowPrivateNetwork) return (openAgent ??= new Agent());
  return (guardedAgent ??= new Agent({ connect: guardedConnector() }));
}

let openAgent: Agent | undefined;
let guardedAgent: Agent | undefined;

function guardedConnector(): buildConnector.connector {
  const connect = buildConnector({ lookup: guardedLookup });
  return (options, callback) => {
    // Node skips `lookup` for IP literals, so those are checked here.
    if (net.isIP(options.hostname) !== 0) {
      const range = privateRangeOf(options.hostname);
      if (range !== null) return callback(refusal(options.hostname, options.hostname, range), null);
    }
    connect(options, callback);
  };
}

const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, "");
    // Dial only public addresses; refuse when none is left.
    const allowed = addresses.filter((a) => !isPrivateAddress(a.address));
    const first = allowed[0];
    if (first === undefined) {
      const blocked = addresses[0];
      if (blocked === undefined) return callback(new Error(`No address found for ${hostname}`), "");
      return callback(
        refusal(hostname, blocked.address, privateRangeOf(blocked.address) ?? ""),
        "",
      );
    }
    if (options.all) callback(null, allowed);
    else callback(null, first.address, first.family);
  });
};

function refusal(host: string, address: string, range: string): ConnectorError {
  const target = host === address ? address : `${host}, which resolves to ${address}`;
  return new ConnectorError({
    errorClass: "input_validation",
    message:
      `Refusing to connect to ${target} (${range}): private network access is disabled. ` +
      "An operator can allow it with SWITCHYARD_ALLOW_PRIVATE_NETWORK=true",
    retryable: false,
  });
}
