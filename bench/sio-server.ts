/**
 * The second baseline of the join benchmark: socket.io alone, in its own process on 127.0.0.1,
 * with the transports and frame limit Encore's server uses. A socket that connects joins one
 * room and is sent a fixed snapshot-sized event at once: no token, no store, no room state. What
 * the join costs beyond this is Encore's own work; what this costs beyond raw `ws` is socket.io's.
 */
import { createServer } from "node:http";
import { Server } from "socket.io";
import { ServerEvent } from "../protocol/index.js";
import { collectedUsage } from "./memory.js";
import type { WsServerReport } from "./ws-server.js";

export type SioServerRequest = { kind: "usage" } | { kind: "stop" };

/** About the size of a viewer's snapshot (2.3 KB), so the bytes written match too. */
const SNAPSHOT = { filler: "x".repeat(2300) };

const send = (report: WsServerReport) => process.send?.(report);
const http = createServer();
const io = new Server(http, { transports: ["websocket", "polling"], maxHttpBufferSize: 16 * 1024 });
io.on("connection", (socket) => {
  void socket.join("room");
  socket.emit(ServerEvent.snapshot, SNAPSHOT);
});

http.listen(0, "127.0.0.1", () => {
  const address = http.address();
  if (address === null || typeof address === "string") throw new Error("expected a TCP address");
  send({ kind: "ready", url: `http://127.0.0.1:${address.port}` });
});

process.on("message", (request: SioServerRequest) => {
  if (request.kind === "usage") {
    send(collectedUsage(io.engine.clientsCount));
  } else if (request.kind === "stop") {
    io.disconnectSockets(true);
    io.close(() => process.exit(0));
  }
});
