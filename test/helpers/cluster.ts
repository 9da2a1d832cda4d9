import { createServer } from "node:http";
import { ClusterAdapter, type ClusterMessage, type ClusterResponse } from "socket.io-adapter";
import { io as connectClient } from "socket.io-client";
import { LiveRooms } from "../../server/realtime/live-rooms.js";
import { RecentlyLeft } from "../../server/realtime/recently-left.js";
import { RoomFanout } from "../../server/realtime/room-fanout.js";
import {
  createSocketServer,
  RECOVERY_WINDOW_MS,
  type SocketParts,
  serveSockets,
  socketNotifier,
} from "../../server/realtime/socket-server.js";
import type { EncoreServer } from "../../server/realtime/types.js";
import type { Context } from "../../server/services/context.js";
import type { TestServer, TestSocket } from "../../support/server.js";

/**
 * Server nodes in one process whose rooms are shared through a cluster adapter, as the Redis
 * Streams adapter shares them between processes: the same ClusterAdapter protocol (broadcasts,
 * node-to-node emits), carried by a function call instead of a stream.
 */
export function inProcessCluster() {
  const members = new Set<BusAdapter>();
  class BusAdapter extends ClusterAdapter {
    // biome-ignore lint/suspicious/noExplicitAny: socket.io hands every adapter its namespace, typed any by the adapter package
    constructor(nsp: any) {
      super(nsp);
      members.add(this);
    }
    override close(): void {
      members.delete(this);
    }
    protected override async doPublish(message: ClusterMessage): Promise<string> {
      for (const member of members) if (member !== this) setImmediate(() => member.onMessage(message));
      return "";
    }
    protected override async doPublishResponse(requesterUid: string, response: ClusterResponse): Promise<void> {
      for (const member of members) if (member.uid === requesterUid) setImmediate(() => member.onResponse(response));
    }
  }
  return BusAdapter;
}

export interface TestNode {
  url: string;
  io: EncoreServer;
  /** a socket of the test shop's room on this node */
  join(sub: string, extra?: { role?: "viewer" | "host"; name?: string }): Promise<TestSocket>;
  close(): Promise<void>;
}

/** One more node of the test server's deployment: its own socket.io server over the same store and clock. */
export async function startNode(server: TestServer, adapter: ReturnType<typeof inProcessCluster>): Promise<TestNode> {
  const http = createServer();
  let parts: SocketParts | undefined;
  const ctx: Context = { ...server.app.ctx, notifier: socketNotifier(() => parts) };
  // a node is composed as server/app.ts composes one: its own fan-out and live rooms
  const node = createSocketServer(http, true, adapter);
  parts = { io: node, fanout: new RoomFanout(node), clustered: true, left: new RecentlyLeft(RECOVERY_WINDOW_MS) };
  const live = new LiveRooms(ctx, node, parts.fanout, true);
  serveSockets(node, ctx, live, parts.left);
  live.start();
  await new Promise<void>((done) => http.listen(0, "127.0.0.1", done));
  const address = http.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const sockets: TestSocket[] = [];
  return {
    url,
    io: node,
    async join(sub, extra = {}) {
      const token = await server.token(sub, { name: sub, ...extra });
      const socket: TestSocket = connectClient(url, {
        auth: { room: server.roomId, token },
        transports: ["websocket"],
        forceNew: true,
        reconnection: false,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      return socket;
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      live.stop();
      node.disconnectSockets(true);
      await new Promise<void>((done) => node.close(() => done()));
    },
  };
}
