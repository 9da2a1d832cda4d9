import type { Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import type { EncoreSocket } from "./types.js";

/*
 * A join answers with socket.io's connect packet and then the snapshot. engine.io writes each
 * packet as soon as it is given one while its transport is writable, and after a write it holds
 * the rest until that write's callback: the connect packet and the snapshot went out as two
 * frames in two system calls, a third of a join's CPU in a room arriving at once. Holding the
 * transport from admission until the snapshot is there sends both (and anything the room said
 * meanwhile) as one flush, and corking the TCP socket around that flush makes it one `writev`.
 * The frames and their order are what they were; only their grouping into writes changes.
 */

/** engine.io's socket and websocket transport, as far as holding writes needs them */
interface EngineSocket {
  transport: { name: string; writable: boolean; socket?: { _socket?: Corkable } };
  flush(): void;
}
interface Corkable {
  cork(): void;
  uncork(): void;
}

const held = new WeakMap<EncoreSocket, () => void>();

/** Holds what engine.io would write to this socket until `releaseWrites` (websocket only). */
export function holdWrites(socket: EncoreSocket): void {
  const conn = socket.conn as unknown as EngineSocket;
  const transport = conn.transport;
  // polling answers requests with whatever is buffered already; only a websocket writes per packet
  if (transport.name !== "websocket" || !transport.writable) return;
  transport.writable = false;
  held.set(socket, () => {
    // an error on the socket may have closed it meanwhile: then there is nothing to write
    if (conn.transport !== transport) return;
    transport.writable = true;
    const tcp = transport.socket?._socket;
    tcp?.cork();
    conn.flush();
    tcp?.uncork();
  });
}

/** Writes what was held for this socket, in one system call; nothing if nothing was held. */
export function releaseWrites(socket: EncoreSocket): void {
  const release = held.get(socket);
  if (!release) return;
  held.delete(socket);
  release();
}

/**
 * The websocket upgrade's HTTP response and engine.io's open packet in one write. `ws` writes the
 * 101 response as soon as it accepts the upgrade, and engine.io its open packet a few microtasks
 * later, each in a system call of its own. The TCP socket is corked for that turn of the event
 * loop, so both leave together once it ends; the client waits for both before it says anything.
 * Registered before socket.io's own upgrade listener, so it corks before anything is written.
 */
export function coalesceUpgradeWrites(http: HttpServer): void {
  http.prependListener("upgrade", (_request, socket: Duplex) => {
    socket.cork();
    const destroy = socket.destroy;
    // a refused upgrade writes its answer and destroys the socket at once: the answer goes first
    socket.destroy = function destroyUncorked(this: Duplex, ...args: Parameters<Duplex["destroy"]>) {
      uncork();
      return destroy.apply(this, args);
    };
    let corked = true;
    function uncork(): void {
      if (!corked) return;
      corked = false;
      socket.destroy = destroy;
      socket.uncork();
    }
    setImmediate(uncork);
  });
}
