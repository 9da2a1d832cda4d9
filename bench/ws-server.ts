/**
 * The baseline of the fan-out benchmark: a bare `ws` server in its own process on 127.0.0.1
 * that sends one text frame to every open socket when asked over IPC, the way a hand-written
 * broadcast would. No rooms, acks, parsing or encoding beyond what `ws` itself does.
 */
import { WebSocketServer } from "ws";
import { collectedUsage } from "./memory.js";

export type WsServerRequest =
  | { kind: "broadcast"; data: string }
  /** a full collection (the process runs with --expose-gc), then the CPU used so far and the RSS */
  | { kind: "usage" }
  | { kind: "stop" };
export type WsServerReport =
  | { kind: "ready"; url: string }
  | { kind: "broadcast"; sockets: number }
  | { kind: "usage"; cpuMicros: number; rss: number; sockets: number };

const send = (report: WsServerReport) => process.send?.(report);
const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });

server.on("listening", () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("expected a TCP address");
  send({ kind: "ready", url: `ws://127.0.0.1:${address.port}` });
});

process.on("message", (request: WsServerRequest) => {
  if (request.kind === "broadcast") {
    let sockets = 0;
    for (const socket of server.clients) {
      if (socket.readyState !== socket.OPEN) continue;
      socket.send(request.data);
      sockets++;
    }
    send({ kind: "broadcast", sockets });
  } else if (request.kind === "usage") {
    send(collectedUsage(server.clients.size));
  } else if (request.kind === "stop") {
    for (const socket of server.clients) socket.terminate();
    server.close(() => process.exit(0));
  }
});
