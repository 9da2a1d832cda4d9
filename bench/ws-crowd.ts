/**
 * One share of the raw `ws` clients of the fan-out baseline, in its own process like the
 * socket.io crowds. Each client parses every frame as the JSON array it is and files the
 * arrival time under the event's id and status, as the socket.io crowd does for offer events.
 */
import WebSocket from "ws";

export type WsCrowdRequest =
  | { kind: "connect"; url: string; count: number; concurrency: number }
  | { kind: "received"; key: string }
  | { kind: "receipts"; key: string }
  | { kind: "close" };

export type WsCrowdReport =
  | { kind: "connected"; connected: number; failed: number }
  | { kind: "received"; key: string; count: number }
  | { kind: "receipts"; key: string; at: number[] };

const sockets: WebSocket[] = [];
const receipts = new Map<string, number[]>();
const send = (report: WsCrowdReport) => process.send?.(report);

function onFrame(data: WebSocket.RawData): void {
  const at = performance.timeOrigin + performance.now();
  const [, body] = JSON.parse(data.toString()) as [string, { id: string; status: string }];
  const key = `${body.id}:${body.status}`;
  const seen = receipts.get(key);
  if (seen) seen.push(at);
  else receipts.set(key, [at]);
}

function connect(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
  });
}

async function connectAll(request: Extract<WsCrowdRequest, { kind: "connect" }>): Promise<void> {
  let left = request.count;
  let failed = 0;
  const worker = async () => {
    while (left > 0) {
      left--;
      try {
        const socket = await connect(request.url);
        socket.on("message", onFrame);
        sockets.push(socket);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: request.concurrency }, worker));
  send({ kind: "connected", connected: sockets.length, failed });
}

process.on("message", (request: WsCrowdRequest) => {
  if (request.kind === "connect") void connectAll(request);
  else if (request.kind === "received") {
    send({ kind: "received", key: request.key, count: receipts.get(request.key)?.length ?? 0 });
  } else if (request.kind === "receipts") {
    send({ kind: "receipts", key: request.key, at: receipts.get(request.key) ?? [] });
  } else if (request.kind === "close") {
    for (const socket of sockets) socket.terminate();
    setTimeout(() => process.exit(0), 100);
  }
});
