import { ServerEvent, type Snapshot } from "../../protocol/index.js";

/*
 * The snapshot's socket.io packet, written here rather than by socket.io's encoder so that its
 * largest part, the shop's config (every tier's names and perks in both languages, 1.4 KB of a
 * 2.3 KB snapshot), is serialized once per room state (services/join-state.ts) and spliced in,
 * not stringified again for each of the thousands who join at once. The text is what the encoder
 * writes for an event on the main namespace: the packet type, then `[event, payload]` as JSON
 * (socket.io-parser's encodeAsString); only the config's place among the payload's keys differs,
 * which JSON readers do not see. A snapshot carries no binary, so it is one text frame.
 */

/** socket.io-parser's PacketType.EVENT */
const EVENT_PACKET = 2;
const HEAD = `${EVENT_PACKET}[${JSON.stringify(ServerEvent.snapshot)},{"config":`;

/** The encoded packet of `snapshot`, whose config is `configJson` (JSON of `snapshot.config`). */
export function snapshotPacket(snapshot: Snapshot, configJson: string): string {
  const { config: _spliced, ...rest } = snapshot;
  const others = JSON.stringify(rest);
  // `others` is an object's JSON: "{}" when empty, else "{" + its members + "}"
  return others === "{}" ? `${HEAD}${configJson}}]` : `${HEAD}${configJson},${others.slice(1)}]`;
}
