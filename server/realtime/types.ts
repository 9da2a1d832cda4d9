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

/** socket.io room names: one per live room, one per viewer (all their tabs and devices). */
export const roomChannel = (roomId: string) => `room:${roomId}`;
export const viewerChannel = (shopId: string, viewerId: string) => `viewer:${shopId}:${viewerId}`;
