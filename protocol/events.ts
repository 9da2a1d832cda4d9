/**
 * Event names and maps. This module and errors.ts are what the widget imports at run time,
 * so neither may import zod: schemas live in payloads.ts, which only the server loads.
 */
import type { BeatPayload, ChestClaimPayload, SyncPayload } from "./payloads.js";
import type {
  AckFn,
  BeatResult,
  Chest,
  RoomState,
  Snapshot,
  TierChange,
  Wallet,
  WalletUpdate,
  WatchStatus,
} from "./wire.js";

/**
 * The only place socket event names are spelled. Server and widget refer to them through
 * these constants, so a rename is a compile error everywhere it matters.
 */
export const ClientEvent = {
  beat: "watch:beat",
  chestClaim: "chest:claim",
  sync: "snapshot:get",
} as const;

export const ServerEvent = {
  snapshot: "snapshot",
  wallet: "wallet",
  tier: "tier",
  watch: "watch",
  chest: "chest",
  room: "room",
} as const;

export interface ClientToServerEvents {
  [ClientEvent.beat]: (payload: BeatPayload, ack: AckFn<BeatResult>) => void;
  [ClientEvent.chestClaim]: (payload: ChestClaimPayload, ack: AckFn<{ wallet: Wallet }>) => void;
  [ClientEvent.sync]: (payload: SyncPayload, ack: AckFn<Snapshot>) => void;
}

export interface ServerToClientEvents {
  [ServerEvent.snapshot]: (snapshot: Snapshot) => void;
  [ServerEvent.wallet]: (update: WalletUpdate) => void;
  [ServerEvent.tier]: (change: TierChange) => void;
  [ServerEvent.watch]: (status: WatchStatus) => void;
  [ServerEvent.chest]: (chest: Chest | null) => void;
  [ServerEvent.room]: (room: RoomState) => void;
}

/** Largest serialized client message the server reads; anything bigger is refused unread. */
export const MAX_CLIENT_PAYLOAD_BYTES = 4096;
