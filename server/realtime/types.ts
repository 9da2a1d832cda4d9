import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, NodeToNodeEvents, ServerToClientEvents } from "../../protocol/index.js";
import type { Identity } from "../services/identity.js";
import type { BeatCursor } from "../services/watch.js";

export interface SocketData {
  roomId: string;
  shopId: string;
  identity: Identity | null;
  cursor: BeatCursor;
}

export type EncoreServer = Server<ClientToServerEvents, ServerToClientEvents, NodeToNodeEvents, SocketData>;
export type EncoreSocket = Socket<ClientToServerEvents, ServerToClientEvents, NodeToNodeEvents, SocketData>;

/** socket.io room names: one per live room, one per viewer (all their tabs and devices), one per open shelf. */
export const roomChannel = (roomId: string) => `room:${roomId}`;
/** Sockets of a room whose shelf drawer is open: they hear of catalogue changes. */
export const shelfChannel = (roomId: string) => `shelf:${roomId}`;
export const viewerChannel = (shopId: string, viewerId: string) => `viewer:${shopId}:${viewerId}`;
