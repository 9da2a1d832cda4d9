import type { Logger } from "pino";
import type { ProductList, ServerToClientEvents } from "../../protocol/index.js";
import type { Clock } from "../clock.js";
import type { Store } from "../store/database.js";

/** Pushes an event to every socket of one viewer, wherever they are connected. */
export interface ViewerNotifier {
  toViewer<E extends keyof ServerToClientEvents>(
    shopId: string,
    viewerId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /**
   * The same, but not to `exceptSocket`: the socket that asked reads the fact in its ack, and
   * each fact reaches a client once.
   */
  toViewerElsewhere<E extends keyof ServerToClientEvents>(
    shopId: string,
    viewerId: string,
    exceptSocket: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /**
   * Lets go of every socket of one viewer, wherever connected. Their data was erased: what those
   * pages show and the identity their sockets hold are gone, and reconnecting starts them afresh.
   */
  dropViewer(shopId: string, viewerId: string): void;
  /**
   * The viewer's tier changed: their sockets' identity takes the new one (an index into the shop's
   * tiers), so the room's comment batches show it from the next comment on, without a read.
   */
  retier(shopId: string, viewerId: string, tier: number): void;
}

/** Pushes an event to a live room: to everyone in it, or to the sockets whose shelf drawer is open. */
export interface RoomNotifier {
  toRoom<E extends keyof ServerToClientEvents>(
    roomId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  toShelf(roomId: string, shelf: ProductList): void;
  /** to the room's host consoles only */
  toHosts<E extends keyof ServerToClientEvents>(
    roomId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
}

export type Notifier = ViewerNotifier & RoomNotifier;

/** For work with no sockets to tell: the command line, imports, benchmarks of the store. */
export const SILENT_NOTIFIER: Notifier = {
  toViewer() {},
  toViewerElsewhere() {},
  dropViewer() {},
  retier() {},
  toRoom() {},
  toShelf() {},
  toHosts() {},
};

/** What every service needs: the store, the clock, a way to tell viewers, and a log. */
export interface Context {
  store: Store;
  clock: Clock;
  notifier: Notifier;
  log: Logger;
}
