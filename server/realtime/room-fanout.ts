import type { ServerToClientEvents } from "../../protocol/index.js";
import { stormTrace } from "../shared/storm-trace.js";
import { type EncoreServer, roomChannel } from "./types.js";

/**
 * Every room is also split into this many shards, each a socket.io room of its own. A write to
 * a socket is a system call; one event to 10,000 sockets in one go holds the event loop for
 * ~100 ms, and every claim that arrives meanwhile waits behind it.
 */
export const ROOM_SHARDS = 32;
/** Sockets written per turn of the event loop before the rest of a broadcast waits for the next turn. */
const SOCKETS_PER_TURN = 128;

export const roomShard = (roomId: string, shard: number) => `${roomChannel(roomId)}#${shard}`;

/**
 * A socket's shard, from its id: a socket recovered after a dropped connection keeps its id,
 * so it lands in the same shard again and never hears a broadcast twice.
 */
export function shardOf(socketId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < socketId.length; i++) {
    hash ^= socketId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % ROOM_SHARDS;
}

/** The channels a socket in the room joins: the room itself (its size, its members) and its shard. */
export const roomChannelsFor = (roomId: string, socketId: string) => [
  roomChannel(roomId),
  roomShard(roomId, shardOf(socketId)),
];

type RoomEvent = keyof ServerToClientEvents;

interface Slice {
  channel: string;
  event: RoomEvent;
  args: unknown[];
  volatile: boolean;
}

/**
 * Room-wide events, sent a shard at a time: between shards the event loop reads what arrived,
 * so a claim's ack never waits for a whole room's worth of writes. One queue for every room
 * keeps the order of events per socket; a room smaller than one turn's worth goes out at once.
 */
export class RoomFanout {
  private queue: Slice[] = [];
  private head = 0;
  private scheduled = false;

  constructor(private readonly io: EncoreServer) {}

  emit<E extends RoomEvent>(roomId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.enqueue(roomId, event, args, false);
  }

  /** For updates the next one replaces: a socket still busy writing skips it. */
  emitVolatile<E extends RoomEvent>(roomId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.enqueue(roomId, event, args, true);
  }

  private enqueue(roomId: string, event: RoomEvent, args: unknown[], volatile: boolean): void {
    if (stormTrace.enabled) stormTrace.mark(`room events: ${event}`);
    for (let shard = 0; shard < ROOM_SHARDS; shard++) {
      this.queue.push({ channel: roomShard(roomId, shard), event, args, volatile });
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
  }

  private readonly drain = (): void => {
    const rooms = this.io.of("/").adapter.rooms;
    let written = 0;
    while (this.head < this.queue.length && written < SOCKETS_PER_TURN) {
      const slice = this.queue[this.head++] as Slice;
      written += rooms.get(slice.channel)?.size ?? 0;
      const target = slice.volatile ? this.io.to(slice.channel).volatile : this.io.to(slice.channel);
      (target.emit as (event: string, ...args: unknown[]) => boolean)(slice.event, ...slice.args);
    }
    if (this.head < this.queue.length) {
      setImmediate(this.drain);
      return;
    }
    this.queue = [];
    this.head = 0;
    this.scheduled = false;
  };
}
