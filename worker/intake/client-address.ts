import { BlockList, isIPv4, isIPv6 } from "node:net";
import { z } from "zod";

// Who a request comes from, as far as the deployment can vouch for it: the socket's peer,
// unless that peer is a proxy the operator trusts (SWITCHYARD_TRUSTED_PROXIES), in which case
// the address it appended to X-Forwarded-For, and so on leftwards while the hops are trusted.
// Anything a client writes into X-Forwarded-For itself sits left of the first untrusted hop
// and is never read. Used by the intake front (which sees the real socket) and by the web app
// behind it (docs/deploy.md, "Client addresses").

/** The key of a request whose peer could not be read (never expected; they share a limit). */
export const UNKNOWN_ADDRESS = "unknown";

/** Addresses and CIDR ranges of proxies allowed to say who their client was. */
export class TrustedProxies {
  private readonly list = new BlockList();

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const range = parseRange(entry);
      if (!range) throw new Error(`not an address or CIDR range: ${entry}`);
      if (range.prefix === undefined) this.list.addAddress(range.address, range.family);
      else this.list.addSubnet(range.address, range.prefix, range.family);
    }
  }

  has(address: string): boolean {
    return this.list.check(address, isIPv4(address) ? "ipv4" : "ipv6");
  }
}

/** The loopback ranges: where `npm start` puts the intake front, in front of the web app. */
export const LOOPBACK_RANGES = ["127.0.0.0/8", "::1/128"] as const;

interface Range {
  address: string;
  family: "ipv4" | "ipv6";
  prefix?: number;
}

function parseRange(entry: string): Range | null {
  const [raw = "", prefixText, extra] = entry.trim().split("/");
  const address = normalizeAddress(raw);
  if (!address || extra !== undefined) return null;
  const family = isIPv4(address) ? "ipv4" : "ipv6";
  if (prefixText === undefined) return { address, family };
  const prefix = Number(prefixText);
  const max = family === "ipv4" ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefixText) || prefix > max) return null;
  return { address, family, prefix };
}

/**
 * SWITCHYARD_TRUSTED_PROXIES: a comma-separated list of addresses and CIDR ranges
 * (`10.0.0.0/8, 192.0.2.7, fd00::/8`). Blank: no proxy is trusted.
 */
export const trustedProxiesSchema = z.string().transform((text, ctx) => {
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (!parseRange(entry)) {
      ctx.addIssue({
        code: "custom",
        message: `"${entry}" is not an IP address or CIDR range (expected e.g. 10.0.0.0/8, 127.0.0.1, ::1)`,
      });
    }
  }
  return entries;
});

/**
 * One address as it appears in a socket or an X-Forwarded-For hop, in canonical form:
 * without port, brackets or zone, IPv4-mapped IPv6 as IPv4, IPv6 compressed in lower case.
 * Null when it is no address ("unknown", an obfuscated name, garbage).
 */
export function normalizeAddress(raw: string): string | null {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1]) text = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  text = text.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(text);
  if (mapped?.[1]) text = mapped[1];
  if (isIPv4(text)) return text;
  if (!isIPv6(text)) return null;
  return new URL(`http://[${text}]/`).hostname.slice(1, -1);
}

/**
 * The client's address: the peer, or — while the address in hand is a trusted proxy — the
 * hop that proxy appended to X-Forwarded-For (the rightmost not yet used).
 */
export function resolveClientAddress(
  peer: string | null | undefined,
  forwardedFor: string | null | undefined,
  trusted: TrustedProxies,
): string {
  let client = peer ? normalizeAddress(peer) : null;
  if (!client) return UNKNOWN_ADDRESS;
  const hops = (forwardedFor ?? "").split(",");
  for (let i = hops.length - 1; i >= 0 && trusted.has(client); i--) {
    const hop = normalizeAddress(hops[i] ?? "");
    // A trusted proxy that passed on no address: what it vouched for ends here.
    if (!hop) break;
    client = hop;
  }
  return client;
}
