import { describe, expect, it } from "vitest";
import {
  LOOPBACK_RANGES,
  normalizeAddress,
  resolveClientAddress,
  TrustedProxies,
  trustedProxiesSchema,
  UNKNOWN_ADDRESS,
} from "../../../worker/intake/client-address";
import { addressSubject } from "../../../app/_server/auth/rate-limit-window";

// Which address a request is counted under: the peer, unless the peer is a trusted proxy.

const none = new TrustedProxies([]);
const loopback = new TrustedProxies(LOOPBACK_RANGES);

describe("resolveClientAddress", () => {
  it("with no proxy trusted, is the socket's peer whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress("203.0.113.9", "198.51.100.1", none)).toBe("203.0.113.9");
    expect(resolveClientAddress("203.0.113.9", null, none)).toBe("203.0.113.9");
  });

  it("believes a trusted peer's last hop, and stops at the first untrusted one", () => {
    const trusted = new TrustedProxies(["10.0.0.0/8", "127.0.0.1"]);
    // client wrote "6.6.6.6"; the edge proxy 10.0.0.5 appended the real client; then intake.
    expect(resolveClientAddress("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.5", trusted)).toBe(
      "198.51.100.7",
    );
    // A client that claims to be a trusted proxy still ends up as itself.
    expect(resolveClientAddress("198.51.100.7", "10.0.0.5", trusted)).toBe("198.51.100.7");
  });

  it("rotating the header changes nothing when the hop that wrote it is not trusted", () => {
    const answers = new Set(
      Array.from({ length: 20 }, (_, i) =>
        resolveClientAddress("127.0.0.1", `192.0.2.${i}, 203.0.113.50`, loopback),
      ),
    );
    expect([...answers]).toEqual(["203.0.113.50"]);
  });

  it("uses the leftmost hop when every hop is trusted, and stops at a hop that is no address", () => {
    expect(resolveClientAddress("127.0.0.1", "127.0.0.2, ::1", loopback)).toBe("127.0.0.2");
    expect(resolveClientAddress("127.0.0.1", "198.51.100.3, unknown", loopback)).toBe("127.0.0.1");
  });

  it("has one key for a peer it cannot read", () => {
    expect(resolveClientAddress(undefined, "198.51.100.3", loopback)).toBe(UNKNOWN_ADDRESS);
    expect(resolveClientAddress("not an address", null, loopback)).toBe(UNKNOWN_ADDRESS);
  });
});

describe("normalizeAddress", () => {
  it("drops ports, brackets and zones, unmaps IPv4-mapped IPv6 and compresses IPv6", () => {
    expect(normalizeAddress(" 192.0.2.1:4321 ")).toBe("192.0.2.1");
    expect(normalizeAddress("[2001:DB8:0:0::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("fe80::1%eth0")).toBe("fe80::1");
    for (const junk of ["", "unknown", "_hidden", "1.2.3", "example.com", "1.2.3.4.5"]) {
      expect(normalizeAddress(junk), junk).toBeNull();
    }
  });
});

describe("SWITCHYARD_TRUSTED_PROXIES", () => {
  it("takes a comma list of addresses and CIDR ranges, blank for none", () => {
    expect(trustedProxiesSchema.parse(" 10.0.0.0/8, 192.0.2.7 ,fd00::/8,")).toEqual([
      "10.0.0.0/8",
      "192.0.2.7",
      "fd00::/8",
    ]);
    expect(trustedProxiesSchema.parse("")).toEqual([]);
    const trusted = new TrustedProxies(trustedProxiesSchema.parse("10.0.0.0/8,fd00::/8"));
    expect(trusted.has("10.200.1.1")).toBe(true);
    expect(trusted.has("fd12::1")).toBe(true);
    expect(trusted.has("11.0.0.1")).toBe(false);
  });

  it("names each entry that is no address or range", () => {
    const result = trustedProxiesSchema.safeParse("10.0.0.0/33, proxy.internal, 10.0.0.1/8/2");
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => issue.message) ?? [];
    expect(messages).toHaveLength(3);
    expect(messages[0]).toContain('"10.0.0.0/33"');
    expect(messages[1]).toContain('"proxy.internal"');
  });
});

describe("addressSubject", () => {
  it("counts IPv4 addresses one by one and IPv6 by their /64", () => {
    expect(addressSubject("192.0.2.1")).toBe("192.0.2.1");
    expect(addressSubject("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressSubject("2001:db8:1:2:ffff:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(addressSubject("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressSubject("::1")).toBe("0:0:0:0::/64");
    expect(addressSubject(UNKNOWN_ADDRESS)).toBe(UNKNOWN_ADDRESS);
  });
});
