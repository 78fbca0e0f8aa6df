// SSRF guard. Users type arbitrary URLs into actions, so by default a connector may only
// reach public addresses. The check runs on the address actually dialled (inside the
// socket connect, after DNS), so a hostname that re-resolves to 127.0.0.1 between a
// check and the connection (DNS rebinding) is still refused.
//
// A refusal is classed `input_validation`: it is permanent, and what the user must change
// is the URL they entered (or an operator the deployment's setting).
import dns from "node:dns";
import net from "node:net";
import ipaddr from "ipaddr.js";
import { Agent, buildConnector, type Dispatcher } from "undici";
import { ConnectorError } from "./errors";

// Which addresses are special is ipaddr.js's list of the IANA special-purpose registries
// (IPv4: RFC 6890 and successors; IPv6 likewise, NAT64, 6to4, Teredo and documentation
// included), kept up by that library rather than here: an address it calls anything but
// plain "unicast" is refused. One rule is ours: IANA allocates only 2000::/3 for global
// IPv6 unicast, so an IPv6 address outside it (e.g. IPv4-compatible ::a.b.c.d) is
// reserved too. IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged as the IPv4 address it is.
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");

// Readable names for ipaddr.js's range names; a name not listed here (a range a later
// version adds) is spelled out from its camel case.
const RANGE_LABELS: Record<string, string> = {
  carrierGradeNat: "CGNAT",
  linkLocal: "link-local",
  uniqueLocal: "unique-local",
  deprecatedSiteLocal: "site-local",
  rfc6052: "NAT64",
  rfc6145: "IPv4-translated",
  ipv4Mapped: "IPv4-mapped",
  teredo: "Teredo",
  amt: "AMT",
  as112: "AS112",
  as112v6: "AS112",
  deprecatedOrchid: "ORCHID",
  orchid2: "ORCHIDv2",
};

/** The special-purpose range an IP address falls in ("loopback", "private", ...), or null if public. */
export function privateRangeOf(ip: string): string | null {
  const text = ip.replace(/%.*$/, ""); // drop an IPv6 zone id such as %eth0
  if (net.isIP(text) === 0) throw new Error(`Not an IP address: ${ip}`);
  const address = ipaddr.process(text);
  const range = address.range();
  if (range !== "unicast") return RANGE_LABELS[range] ?? spelledOut(range);
  if (address.kind() === "ipv6" && !address.match(GLOBAL_UNICAST_V6)) return "reserved";
  return null;
}

function spelledOut(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
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
