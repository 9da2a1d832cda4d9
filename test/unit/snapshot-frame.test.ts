import { Decoder, Encoder, PacketType } from "socket.io-parser";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type Snapshot } from "../../protocol/index.js";
import { toPublicConfig } from "../../server/adapters.js";
import { snapshotPacket } from "../../server/realtime/snapshot-frame.js";

/*
 * The snapshot's packet is written with its config spliced in as JSON made once per room state;
 * a client's decoder must read it exactly as the packet socket.io's own encoder writes.
 */

const config = toPublicConfig(DEFAULT_CONFIG);

function decoded(text: string): unknown {
  const decoder = new Decoder();
  let packet: unknown;
  decoder.on("decoded", (p: unknown) => {
    packet = p;
  });
  decoder.add(text);
  return packet;
}

const guest = {
  serverTime: 1_700_000_000_000,
  room: { id: "room-1", title: '直播间 "quoted" \u2028', live: true, minTier: null },
  config,
  catalogue: [],
  product: null,
  offer: null,
  claim: null,
  card: null,
  reminder: false,
  inbox: null,
  campaign: null,
  stage: null,
  viewer: null,
  wallet: null,
  watch: null,
  chest: null,
  coupons: [],
} as unknown as Snapshot;

describe("the snapshot's packet", () => {
  it("decodes as socket.io's own encoding of the same event", () => {
    const [own] = new Encoder().encode({ type: PacketType.EVENT, nsp: "/", data: ["snapshot", guest] });
    const spliced = snapshotPacket(guest, JSON.stringify(config));
    expect(decoded(spliced)).toEqual(decoded(own as string));
    expect(spliced).toHaveLength((own as string).length);
    expect(spliced.startsWith('2["snapshot",{"config":{')).toBe(true);
  });

  it("keeps the payload's other members whatever they hold", () => {
    const viewer = { ...guest, viewer: { id: "amy", name: null, role: "viewer" }, coupons: [{ code: "A,}]" }] };
    const packet = decoded(snapshotPacket(viewer as unknown as Snapshot, JSON.stringify(config)));
    expect(packet).toMatchObject({ type: PacketType.EVENT, nsp: "/", data: ["snapshot", viewer] });
  });
});
