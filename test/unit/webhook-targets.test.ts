import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ipv6Bytes, isPublicAddress } from "../../server/domain/addresses.js";
import { webhookTargetRefusal } from "../../server/services/webhook-targets.js";

describe("public addresses", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.20",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fd12:3456::1",
    "fe80::1",
    "::ffff:10.0.0.1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "192.0.2.1",
    "203.0.113.5",
    "2001:db8::1",
    "fec0::1",
    "100::1",
    // IPv6 addresses that carry a private IPv4 one, as URLs write them and as DNS may answer them
    "::127.0.0.1",
    "::7f00:1",
    "::10.0.0.1",
    "::ffff:0:127.0.0.1",
    "64:ff9b::127.0.0.1",
    "64:ff9b::7f00:1",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b:1::a00:1",
    "64:ff9b:1:7f00:0:100::",
    "64:ff9b:1:ff7f:0:1::",
    "2002:7f00:1::1",
    "2002:c0a8:101::",
    "2001:0:5ef5:79fd::80ff:fffe",
    "2001:0:a00:1::f7f7:f7f7",
    "not an address",
  ])("refuses %s", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    "93.184.215.14",
    "8.8.8.8",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700::1111",
    "::ffff:8.8.4.4",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
    "2001:0:5ef5:79fd::f7f7:f7f7",
  ])("accepts %s", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe("IPv4 carried in IPv6", () => {
  const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
  const hex = (a: number, b: number) => ((a << 8) | b).toString(16);
  /** Every IPv6 form that delivers to an IPv4 address, written as a URL host normalises it. */
  const carriers = ([a, b, c, d]: [number, number, number, number]) => [
    `::ffff:${a}.${b}.${c}.${d}`,
    `::ffff:0:${hex(a, b)}:${hex(c, d)}`,
    `::${a}.${b}.${c}.${d}`,
    `64:ff9b::${hex(a, b)}:${hex(c, d)}`,
    `64:ff9b:1::${hex(a, b)}:${hex(c, d)}`,
    `64:ff9b:1:${hex(a, b)}:${c.toString(16)}:${hex(d, 0)}::`,
    `2002:${hex(a, b)}:${hex(c, d)}::1`,
    `2001:0:808:808::${hex(~a & 0xff, ~b & 0xff)}:${hex(~c & 0xff, ~d & 0xff)}`,
  ];
  const normalised = (address: string) => new URL(`http://[${address}]/`).hostname.slice(1, -1);

  it("judges every form by the IPv4 address it carries", () => {
    fc.assert(
      fc.property(octets, (quad) => {
        const ipv4Public = isPublicAddress(quad.join("."));
        for (const form of carriers(quad)) {
          if (!ipv4Public) expect([form, isPublicAddress(form)]).toEqual([form, false]);
          expect(isPublicAddress(normalised(form))).toBe(isPublicAddress(form));
        }
        // the common public forms stay usable for a public IPv4 address
        if (ipv4Public) expect(isPublicAddress(`64:ff9b::${quad.join(".")}`)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("reads any IPv6 text into the bytes it names", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const full = Array.from({ length: 8 }, (_, i) => hex(bytes[2 * i] as number, bytes[2 * i + 1] as number)).join(
          ":",
        );
        expect(ipv6Bytes(full)).toEqual(bytes);
        expect(ipv6Bytes(normalised(full))).toEqual(bytes);
      }),
    );
  });
});

describe("webhook targets", () => {
  const resolvingTo =
    (...addresses: string[]) =>
    async () =>
      addresses;
  const publicOnly = (resolve: (host: string) => Promise<string[]>) => ({ allowPrivate: false, resolve });

  it("accepts an https URL whose host resolves only to public addresses", async () => {
    expect(await webhookTargetRefusal("https://shop.example/hooks", publicOnly(resolvingTo("93.184.215.14")))).toBe(
      null,
    );
  });

  it("refuses a host with any private address among its answers, and one that does not resolve", async () => {
    expect(
      await webhookTargetRefusal("https://shop.example/hooks", publicOnly(resolvingTo("93.184.215.14", "10.0.0.5"))),
    ).toContain("10.0.0.5");
    expect(
      await webhookTargetRefusal(
        "https://nowhere.example/",
        publicOnly(async () => {
          throw new Error("ENOTFOUND");
        }),
      ),
    ).toContain("does not resolve");
  });

  it("judges address literals, IPv6 in brackets too, without asking DNS", async () => {
    const resolve = async (host: string) => [host];
    expect(await webhookTargetRefusal("http://127.0.0.1:8080/x", publicOnly(resolve))).toContain("127.0.0.1");
    expect(await webhookTargetRefusal("http://[::1]/x", publicOnly(resolve))).toContain("::1");
    expect(await webhookTargetRefusal("http://[2606:4700::1111]/x", publicOnly(resolve))).toBe(null);
  });

  it.each([
    "http://[::127.0.0.1]/",
    "http://[64:ff9b::127.0.0.1]/",
    "http://[64:ff9b::169.254.169.254]/latest/meta-data",
    "http://[::ffff:10.0.0.1]/",
    "http://[2002:7f00:1::]/",
    "http://0x7f000001/",
    "http://2130706433/",
    "http://127.1/",
  ])("refuses %s, whose host reaches a private IPv4 address", async (url) => {
    const resolve = async (host: string) => [host];
    expect(await webhookTargetRefusal(url, publicOnly(resolve))).toContain("not a public address");
  });

  it("refuses other schemes and credentials whatever the policy", async () => {
    const open = { allowPrivate: true };
    expect(await webhookTargetRefusal("ftp://shop.example/", open)).toContain("http");
    expect(await webhookTargetRefusal("file:///etc/passwd", open)).toContain("http");
    expect(await webhookTargetRefusal("https://user:pw@shop.example/", open)).toContain("credentials");
    expect(await webhookTargetRefusal("no url at all", open)).toBe("not a URL");
    expect(await webhookTargetRefusal("http://127.0.0.1:9/", open)).toBe(null);
  });
});
