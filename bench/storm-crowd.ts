/**
 * One share of the storm's viewers, in its own process: a single process holding 10,000 sockets
 * spends more time decoding the room's broadcasts than the server spends sending them, and real
 * viewers do not share a CPU. The orchestrator (storm.ts) starts a few of these. Each viewer is
 * the widget's own wire client (client/socket.ts) over a `ws` WebSocket: what a viewer's
 * browser runs, acks, timeouts and reconnection included.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import WebSocket from "ws";
import { type SocketLike, socketTransport } from "../client/socket.js";
import type { Transport } from "../client/transport.js";
import { ClientEvent, ServerEvent } from "../protocol/index.js";
import { signToken } from "../server/auth/tokens.js";

type Client = Transport;
/**
 * A browser's WebSocket closed while still connecting (the client gives up on a slow handshake)
 * only reports it; `ws` throws the error when no listener is left, and would end the crowd.
 */
const openWebSocket = (url: string) => {
  const socket = new WebSocket(url);
  socket.on("error", () => {});
  return socket as unknown as SocketLike;
};

export type CrowdRequest =
  | {
      kind: "connect";
      url: string;
      roomId: string;
      shopId: string;
      secret: string;
      /** this crowd holds viewers crowd, crowd + crowds, crowd + 2 × crowds, … below total */
      crowd: number;
      crowds: number;
      total: number;
      concurrency: number;
    }
  /** this crowd's share of `total` viewers (as for connect) gets its tokens, ahead of a join */
  | { kind: "sign"; shopId: string; secret: string; crowd: number; crowds: number; total: number }
  /** the signed viewers each open their socket at their own slot spread evenly over spreadMs from startAt */
  | { kind: "join"; url: string; roomId: string; total: number; startAt: number; spreadMs: number }
  /**
   * before a measured arrival: this crowd's share of `total` other viewers join, 50 at a time,
   * and leave, so the server's young generation has grown to its working size before the baseline
   */
  | {
      kind: "warmup";
      url: string;
      roomId: string;
      shopId: string;
      secret: string;
      crowd: number;
      crowds: number;
      total: number;
    }
  | { kind: "storm"; startAt: number; spreadMs: number; waitMs: number }
  /** how many viewers have had the offer event `key` (offer id and status) so far */
  | { kind: "received"; key: string }
  /** the wall-clock times at which each viewer had the offer event `key` */
  | { kind: "receipts"; key: string }
  /** every viewer beats at its own slot within each interval from startAt until startAt + durationMs */
  | { kind: "beats"; startAt: number; intervalMs: number; durationMs: number }
  | { kind: "close" };

export type CrowdReport =
  | { kind: "connected"; connected: number; failed: number }
  /** the sign request's tokens are signed: the crowd is ready to arrive */
  | { kind: "signed" }
  /** the warm-up's viewers joined and left */
  | { kind: "warmed"; joined: number }
  /** each viewer's time from opening its socket to having the room's snapshot, in ms */
  | { kind: "joined"; latencies: number[]; failed: number; cpuMs: number; loopDelayP99Ms: number }
  | { kind: "started" }
  | { kind: "received"; key: string; count: number }
  | { kind: "receipts"; key: string; at: number[] }
  | {
      kind: "beaten";
      latencies: number[];
      credited: number;
      errors: Record<string, number>;
      cpuMs: number;
      loopDelayP99Ms: number;
    }
  | {
      kind: "result";
      latencies: number[];
      /** when each claim was sent, in ms after the storm's start, beside its latency */
      sentAfterMs: number[];
      winners: number;
      refusals: Record<string, number>;
      ended: number;
      lastEndedAt: number;
      cpuMs: number;
      loopDelayP99Ms: number;
    };

const clients: { index: number; socket: Client }[] = [];
/** offer id and status → the wall-clock times at which viewers had that offer event */
const receipts = new Map<string, number[]>();
let started = 0;
let ended = 0;
let lastEndedAt = 0;
const send = (report: CrowdReport) => process.send?.(report);

function connect(url: string, roomId: string, token: string): Promise<Client> {
  const client = socketTransport(url, { room: roomId, token }, { open: openWebSocket });
  // In the room once the snapshot is there: what the widget waits for before it shows anything,
  // and the last of the server's work for this viewer's arrival.
  return new Promise((resolve, reject) => {
    const stopWaiting = () => {
      offSnapshot();
      offLink();
    };
    const offSnapshot = client.on(ServerEvent.snapshot, () => {
      stopWaiting();
      resolve(client);
    });
    const offLink = client.onLink((link) => {
      if (link.state !== "offline") return;
      stopWaiting();
      client.close();
      reject(new Error(`refused: ${link.error}`));
    });
  });
}

async function connectAll(request: Extract<CrowdRequest, { kind: "connect" }>): Promise<void> {
  const indices = shareOf(request);
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < indices.length) {
      const index = indices[next++] as number;
      const token = await viewerToken(request, index);
      try {
        const socket = await connect(request.url, request.roomId, token);
        socket.on(ServerEvent.offer, (offer) => {
          const at = performance.timeOrigin + performance.now();
          const key = `${offer.id}:${offer.status}`;
          const seen = receipts.get(key);
          if (seen) seen.push(at);
          else receipts.set(key, [at]);
          if (offer.status === "live") {
            if (++started === clients.length) send({ kind: "started" });
          } else if (++ended === clients.length) {
            lastEndedAt = Date.now();
          }
        });
        clients.push({ index, socket });
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: request.concurrency }, worker));
  send({ kind: "connected", connected: clients.length, failed });
}

const viewerToken = (request: { secret: string; shopId: string }, index: number) =>
  signToken(request.secret, { sub: `v${index}`, shop: request.shopId, role: "viewer", name: `viewer ${index}` });

/** Slots for this crowd's share: viewer crowd, crowd + crowds, … below total. */
function shareOf(request: { crowd: number; crowds: number; total: number }): number[] {
  const indices: number[] = [];
  for (let i = request.crowd; i < request.total; i += request.crowds) indices.push(i);
  return indices;
}

let signed: { index: number; token: string }[] = [];

/** Signs the share's tokens ahead: signing is the shop backend's work, not part of a join. */
async function signShare(request: Extract<CrowdRequest, { kind: "sign" }>): Promise<void> {
  signed = await Promise.all(
    shareOf(request).map(async (index) => ({ index, token: await viewerToken(request, index) })),
  );
  send({ kind: "signed" });
}

async function warmUp(request: Extract<CrowdRequest, { kind: "warmup" }>): Promise<void> {
  const indices = shareOf(request);
  let next = 0;
  let joined = 0;
  const worker = async () => {
    while (next < indices.length) {
      const index = indices[next++] as number;
      const token = await signToken(request.secret, { sub: `warm${index}`, shop: request.shopId, role: "viewer" });
      try {
        (await connect(request.url, request.roomId, token)).close();
        joined++;
      } catch {
        // a warm-up viewer that does not get in warms nothing; the measured arrival still counts
      }
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  send({ kind: "warmed", joined });
}

async function joinSpread(request: Extract<CrowdRequest, { kind: "join" }>): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  const cpuBefore = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const latencies: number[] = [];
  let failed = 0;
  await Promise.all(
    signed.map(async ({ index, token }) => {
      const at = request.startAt + (index * request.spreadMs) / request.total;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
      const openedAt = performance.now();
      try {
        clients.push({ index, socket: await connect(request.url, request.roomId, token) });
        latencies.push(performance.now() - openedAt);
      } catch {
        failed++;
      }
    }),
  );
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuBefore);
  send({
    kind: "joined",
    latencies,
    failed,
    cpuMs: (cpu.user + cpu.system) / 1000,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  });
}

async function storm(request: Extract<CrowdRequest, { kind: "storm" }>, total: number): Promise<void> {
  // A full collection now rather than in the middle of the storm.
  (globalThis as { gc?: () => void }).gc?.();
  const cpuBefore = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const latencies: number[] = [];
  const sentAfterMs: number[] = [];
  const refusals: Record<string, number> = {};
  let winners = 0;
  await Promise.all(
    clients.map(
      ({ index, socket }) =>
        new Promise<void>((resolve) => {
          const at = request.startAt + (index * request.spreadMs) / total;
          setTimeout(
            () => {
              const sentAt = performance.now();
              const sentAfter = performance.timeOrigin + sentAt - request.startAt;
              void socket.call(ClientEvent.comment, { text: "1" }).then((ack) => {
                latencies.push(performance.now() - sentAt);
                sentAfterMs.push(sentAfter);
                const claim = ack.ok ? ack.data.claim : null;
                if (claim?.result === "won") winners++;
                else {
                  const reason = !ack.ok ? ack.error.code : claim?.result === "refused" ? claim.reason : "none";
                  refusals[reason] = (refusals[reason] ?? 0) + 1;
                }
                resolve();
              });
            },
            Math.max(0, at - Date.now()),
          );
        }),
    ),
  );
  const deadline = Date.now() + request.waitMs;
  while (ended < clients.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuBefore);
  send({
    kind: "result",
    latencies,
    sentAfterMs,
    winners,
    refusals,
    ended,
    lastEndedAt,
    cpuMs: (cpu.user + cpu.system) / 1000,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  });
}

async function beats(request: Extract<CrowdRequest, { kind: "beats" }>, total: number): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  const cpuBefore = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let credited = 0;
  const end = request.startAt + request.durationMs;
  await Promise.all(
    clients.map(async ({ index, socket }) => {
      for (let at = request.startAt + (index * request.intervalMs) / total; at < end; at += request.intervalMs) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
        const sentAt = performance.now();
        const ack = await socket.call(ClientEvent.beat, { playing: true, visible: true });
        latencies.push(performance.now() - sentAt);
        if (!ack.ok) errors[ack.error.code] = (errors[ack.error.code] ?? 0) + 1;
        else if (ack.data.creditedSeconds > 0) credited++;
      }
    }),
  );
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuBefore);
  send({
    kind: "beaten",
    latencies,
    credited,
    errors,
    cpuMs: (cpu.user + cpu.system) / 1000,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  });
}

let total = 0;
process.on("message", (request: CrowdRequest) => {
  if (request.kind === "connect") {
    total = request.total;
    void connectAll(request);
  } else if (request.kind === "sign") {
    void signShare(request);
  } else if (request.kind === "warmup") {
    void warmUp(request);
  } else if (request.kind === "join") {
    void joinSpread(request);
  } else if (request.kind === "storm") {
    void storm(request, total);
  } else if (request.kind === "received") {
    send({ kind: "received", key: request.key, count: receipts.get(request.key)?.length ?? 0 });
  } else if (request.kind === "receipts") {
    send({ kind: "receipts", key: request.key, at: receipts.get(request.key) ?? [] });
  } else if (request.kind === "beats") {
    void beats(request, total);
  } else if (request.kind === "close") {
    for (const { socket } of clients) socket.close();
    setTimeout(() => process.exit(0), 100);
  }
});
