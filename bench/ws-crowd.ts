/**
 * One share of the raw `ws` clients of the fan-out baseline, in its own process like the
 * socket.io crowds. Each client parses every frame as the JSON array it is and files the
 * arrival time under the event's id and status, as the socket.io crowd does for offer events.
 */
import WebSocket from "ws";

export type WsCrowdRequest =
  | { kind: "connect"; url: string; count: number; concurrency: number }
  /** `count` sockets, each opened at its own slot spread evenly over spreadMs from startAt */
  | { kind: "spread"; url: string; count: number; startAt: number; spreadMs: number }
  | { kind: "received"; key: string }
  | { kind: "receipts"; key: string }
  | { kind: "close" };

export type WsCrowdReport =
  | { kind: "connected"; connected: number; failed: number }
  /** each socket's time from being opened to its open event, in ms */
  | { kind: "spread"; latencies: number[]; failed: number }
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

/** A crowd arriving over a few seconds, as a live's reminder brings one: each socket at its slot. */
async function connectSpread(request: Extract<WsCrowdRequest, { kind: "spread" }>): Promise<void> {
  const latencies: number[] = [];
  let failed = 0;
  await Promise.all(
    Array.from({ length: request.count }, async (_, i) => {
      const at = request.startAt + (i * request.spreadMs) / request.count;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
      const openedAt = performance.now();
      try {
        sockets.push(await connect(request.url));
        latencies.push(performance.now() - openedAt);
      } catch {
        failed++;
      }
    }),
  );
  send({ kind: "spread", latencies, failed });
}

process.on("message", (request: WsCrowdRequest) => {
  if (request.kind === "connect") void connectAll(request);
  else if (request.kind === "spread") void connectSpread(request);
  else if (request.kind === "received") {
    send({ kind: "received", key: request.key, count: receipts.get(request.key)?.length ?? 0 });
  } else if (request.kind === "receipts") {
    send({ kind: "receipts", key: request.key, at: receipts.get(request.key) ?? [] });
  } else if (request.kind === "close") {
    for (const socket of sockets) socket.terminate();
    setTimeout(() => process.exit(0), 100);
  }
});
