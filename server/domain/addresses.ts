import { BlockList, isIP } from "node:net";

/**
 * Addresses a shop's webhook must not reach: this machine, private networks, link-local (cloud
 * metadata lives at 169.254.169.254), carrier-grade NAT, multicast and reserved space. Letting a
 * tenant point the server's requests there would let it probe or poke the network we run in.
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["100::", 64],
  ["2001:2::", 48],
  ["2001:10::", 28],
  ["2001:20::", 28],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv6");
}

/** The 16 bytes of a valid IPv6 address (`::` expanded, a dotted IPv4 tail read, a zone dropped). */
export function ipv6Bytes(address: string): Uint8Array {
  let text = address.replace(/%.*$/, "");
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const words = (part: string | undefined) => (part ? part.split(":").map((w) => Number.parseInt(w, 16)) : []);
  const before = words(head);
  const after = words(tail);
  const all = tail === undefined ? before : [...before, ...Array(8 - before.length - after.length).fill(0), ...after];
  const bytes = new Uint8Array(16);
  all.forEach((word, i) => {
    bytes[2 * i] = word >> 8;
    bytes[2 * i + 1] = word & 0xff;
  });
  return bytes;
}

const dottedQuad = (bytes: ArrayLike<number>) => Array.from(bytes).join(".");
const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);
const pick = (bytes: Uint8Array, ...at: number[]) => at.map((i) => bytes[i] as number);

/**
 * The IPv4 addresses an IPv6 address carries, where packets to it end up on IPv4: the host's
 * stack (IPv4-compatible ::a.b.c.d, IPv4-mapped ::ffff:a.b.c.d, SIIT's ::ffff:0:a.b.c.d), a NAT64
 * gateway (64:ff9b::/96, and 64:ff9b:1::/48 whose prefix length the network chooses, so every
 * RFC 6052 layout it allows counts), a 6to4 relay (2002:a.b.c.d::/48) or Teredo (the server in
 * bits 32–63, the client as the bitwise NOT of the last 32 bits). Empty for a plain IPv6 address.
 */
export function embeddedIPv4(bytes: Uint8Array): string[] {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zeros(0, 10) && ((bytes[10] === 0 && bytes[11] === 0) || (bytes[10] === 0xff && bytes[11] === 0xff))) {
    return [dottedQuad(bytes.slice(12))];
  }
  if (zeros(0, 8) && startsWith(bytes.slice(8), [0xff, 0xff, 0, 0])) return [dottedQuad(bytes.slice(12))];
  if (startsWith(bytes, [0, 0x64, 0xff, 0x9b]) && zeros(4, 12)) return [dottedQuad(bytes.slice(12))];
  if (startsWith(bytes, [0, 0x64, 0xff, 0x9b, 0, 1])) {
    return [
      pick(bytes, 6, 7, 9, 10),
      pick(bytes, 7, 9, 10, 11),
      pick(bytes, 9, 10, 11, 12),
      pick(bytes, 12, 13, 14, 15),
    ].map(dottedQuad);
  }
  if (startsWith(bytes, [0x20, 0x02])) return [dottedQuad(bytes.slice(2, 6))];
  if (startsWith(bytes, [0x20, 0x01, 0, 0])) {
    return [dottedQuad(bytes.slice(4, 8)), dottedQuad(bytes.slice(12).map((b) => ~b & 0xff))];
  }
  return [];
}

/** True for an IP address on the public internet; false for anything else, or for a non-address. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 4) return !NOT_PUBLIC.check(address, "ipv4");
  const plain = address.replace(/%.*$/, "");
  if (NOT_PUBLIC.check(plain, "ipv6")) return false;
  // an IPv6 address that reaches an IPv4 one is judged as every IPv4 address it may reach
  const carried = embeddedIPv4(ipv6Bytes(plain));
  return carried.every((ipv4) => !NOT_PUBLIC.check(ipv4, "ipv4"));
}
