import ipaddr from "ipaddr.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivateAddress, privateRangeOf } from "../../../connectors/_sdk/egress";
import { ConnectorError } from "../../../connectors/_sdk/errors";
import { createHttpClient } from "../../../connectors/_sdk/http-client";
import { startFakeApi, type FakeApi } from "../../fakes/fake-api";

describe("privateRangeOf / isPrivateAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "CGNAT"],
    ["100.127.255.255", "CGNAT"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.251", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["192.0.2.1", "reserved"],
    ["198.51.100.7", "reserved"],
    ["203.0.113.250", "reserved"],
    ["64:ff9b::7f00:1", "NAT64"],
    ["64:ff9b::a9fe:a9fe", "NAT64"],
    ["2002:7f00:1::1", "6to4"],
    ["2001::1", "Teredo"],
    ["2001:db8::1", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fd12:3456::1", "unique-local"],
    ["fc00::1", "unique-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["::ffff:10.0.0.1", "private"],
    ["::7f00:1", "reserved"],
  ])("%s is %s", (ip, range) => {
    expect(privateRangeOf(ip)).toBe(range);
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "172.32.0.1",
    "100.128.0.1",
    "192.169.0.1",
    "2606:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",
    "192.0.1.255",
    "198.51.99.255",
    "203.0.114.0",
  ])("%s is public", (ip) => {
    expect(privateRangeOf(ip)).toBeNull();
    expect(isPrivateAddress(ip)).toBe(false);
  });

  // The IANA IPv4 and IPv6 Special-Purpose Address Registries (and multicast), entry by
  // entry: the first and the last address of every block is refused.
  it.each([
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.31.196.0/24",
    "192.52.193.0/24",
    "192.88.99.0/24",
    "192.168.0.0/16",
    "192.175.48.0/24",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
    "255.255.255.255/32",
    "::1/128",
    "::/128",
    "::ffff:127.0.0.0/104",
    "64:ff9b::/96",
    "64:ff9b:1::/48",
    "100::/64",
    "100:0:0:1::/64",
    "2001::/23",
    "2001::/32",
    "2001:2::/48",
    "2001:3::/32",
    "2001:4:112::/48",
    "2001:10::/28",
    "2001:20::/28",
    "2001:30::/28",
    "2001:db8::/32",
    "2002::/16",
    "2620:4f:8000::/48",
    "3fff::/20",
    "5f00::/16",
    "fc00::/7",
    "fe80::/10",
    "fec0::/10",
    "ff00::/8",
  ])("every address of the special-purpose block %s is refused", (cidr) => {
    const family = cidr.includes(":") ? ipaddr.IPv6 : ipaddr.IPv4;
    for (const address of [
      family.networkAddressFromCIDR(cidr).toString(),
      family.broadcastAddressFromCIDR(cidr).toString(),
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
  });

  it("rejects something that is not an IP address", () => {
    expect(() => privateRangeOf("example.com")).toThrow(/Not an IP address/);
  });
});

describe("egress guard on real connections", () => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi();
  });
  afterAll(() => api.close());

  const fetchWith = (allowPrivateNetwork: boolean, url: string) =>
    createHttpClient({ signal: new AbortController().signal, allowPrivateNetwork }).request({
      method: "GET",
      url,
    });

  async function refusal(url: string): Promise<ConnectorError> {
    const err: unknown = await fetchWith(false, url).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConnectorError);
    return err as ConnectorError;
  }

  it("refuses loopback by default, with a message an operator can act on", async () => {
    const err = await refusal(`${api.url}/echo`);
    expect(err).toMatchObject({ errorClass: "input_validation", retryable: false });
    expect(err.message).toBe(
      "Refusing to connect to 127.0.0.1 (loopback): private network access is disabled. " +
        "An operator can allow it with SWITCHYARD_ALLOW_PRIVATE_NETWORK=true",
    );
    expect(api.requests).toHaveLength(0);
  });

  it("checks the resolved address of a hostname, not the name", async () => {
    const err = await refusal(`http://localhost:${api.port}/echo`);
    expect(err.errorClass).toBe("input_validation");
    expect(err.message).toMatch(
      /^Refusing to connect to localhost, which resolves to (127\.0\.0\.1|::1) \(loopback\)/,
    );
    expect(api.requests).toHaveLength(0);
  });

  it.each([
    `http://[::1]:1/`,
    `http://[::ffff:127.0.0.1]:1/`,
    "http://0.0.0.0:1/",
    "http://2130706433:1/",
    "http://[64:ff9b::7f00:1]:1/",
    "http://[2002:7f00:1::1]:1/",
    "http://192.0.2.1:1/",
    "http://[2001:db8::1]:1/",
  ])("refuses the literal %s", async (url) => {
    const err = await refusal(url);
    expect(err.errorClass).toBe("input_validation");
    expect(err.message).toMatch(/^Refusing to connect to/);
  });

  it("refuses schemes other than http and https", async () => {
    const err = await refusal("ftp://example.com/file");
    expect(err).toMatchObject({
      errorClass: "input_validation",
      message: "Only http and https URLs are supported: ftp://example.com/file",
    });
  });

  it("lets loopback through when private network access is allowed", async () => {
    const res = await fetchWith(true, `${api.url}/echo`);
    expect(res.status).toBe(200);
    expect(api.requests).toHaveLength(1);
  });
});
