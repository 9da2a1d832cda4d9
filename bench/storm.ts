/**
 * `npm run bench:storm [-- --viewers N]`: N viewers in one room all send "1" within one second
 * against stock 100. The server runs in a child process; the viewers are real socket.io clients
 * (websocket, forceNew) in this process, on 127.0.0.1. Prints the figures and writes
 * bench/results/storm.json. Defaults to 5,000 then 10,000 viewers.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { io, type Socket } from "socket.io-client";
import {
  type Ack,
  ClientEvent,
  type ClientToServerEvents,
  type CommentResult,
  ServerEvent,
  type ServerToClientEvents,
} from "../protocol/index.js";
import { signToken } from "../server/auth/tokens.js";
import type { ServerCoupons, ServerReady, ServerRequest, ServerUsage } from "./storm-server.js";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const STOCK = 100;
/** Handshakes in flight at once while the crowd connects. */
const CONNECT_CONCURRENCY = 500;
/** The storm's window: every viewer sends "1" once, spread evenly over it. */
const STORM_MS = 1000;
/** The whole run stops by itself after this, whatever happened. */
const RUN_LIMIT_MS = 300_000;

const here = dirname(fileURLToPath(import.meta.url));

function parseViewers(argv: string[]): number[] {
  const at = argv.indexOf("--viewers");
  if (at === -1) return [5000, 10_000];
  const n = Number(argv[at + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 15_000) throw new Error("--viewers takes a whole number from 1 to 15000");
  return [n];
}

function startServer(): Promise<{ child: ChildProcess; ready: ServerReady }> {
  const child = fork(join(here, "storm-server.ts"), [], {
    execArgv: [...(process.env.STORM_SERVER_FLAGS?.split(" ").filter(Boolean) ?? []), "--import", "tsx"],
    stdio: "inherit",
  });
  return new Promise((resolve, reject) => {
    child.once("message", (message) => resolve({ child, ready: message as ServerReady }));
    child.once("exit", (code) => reject(new Error(`the server exited with ${code}`)));
  });
}

function ask<T>(child: ChildProcess, request: ServerRequest): Promise<T> {
  return new Promise((resolve) => {
    child.once("message", (message) => resolve(message as T));
    child.send(request);
  });
}

/** Asks the server to close and waits for it to go, killing it if it does not within a few seconds. */
function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.send({ kind: "stop" } satisfies ServerRequest);
  });
}

function connect(url: string, roomId: string, token: string): Promise<Client> {
  const socket: Client = io(url, {
    auth: { room: roomId, token },
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    timeout: 60_000,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

function emitWithAck<T>(socket: Client, event: string, payload: unknown): Promise<Ack<T>> {
  return new Promise((resolve) => (socket.emit as unknown as (...a: unknown[]) => void)(event, payload, resolve));
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const round = (n: number) => Math.round(n * 10) / 10;

export interface StormResult {
  viewers: number;
  connected: number;
  connectMs: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  allEndedMs: number;
  winners: number;
  refusals: Record<string, number>;
  couponsInDb: number;
  distinctWinnersInDb: number;
  exactStock: boolean;
  serverCpuMs: number;
  serverCpuPercentOfOneCore: number;
  serverPeakRssMb: number;
  /** the load generator's own CPU and event-loop delay: when these are high, latency is partly the client's */
  loadCpuMs: number;
  loadLoopDelayP99Ms: number;
  /** the machine's 1-minute load average when the storm began: other work on a shared machine shows here */
  machineLoad: number;
}

async function storm(viewers: number): Promise<StormResult> {
  const { child, ready } = await startServer();
  const clients: Client[] = [];
  try {
    const host = await connect(
      ready.url,
      ready.roomId,
      await signToken(ready.secret, { sub: "host", shop: ready.shopId, role: "host" }),
    );
    clients.push(host);
    const tokens = await Promise.all(
      Array.from({ length: viewers }, (_, i) =>
        signToken(ready.secret, { sub: `v${i}`, shop: ready.shopId, role: "viewer", name: `viewer ${i}` }),
      ),
    );

    const connectStart = performance.now();
    let nextIndex = 0;
    const worker = async () => {
      while (nextIndex < viewers) {
        const token = tokens[nextIndex++] as string;
        clients.push(await connect(ready.url, ready.roomId, token));
      }
    };
    await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
    const connectMs = performance.now() - connectStart;
    const crowd = clients.slice(1);

    const template = await emitWithAck<{ id: string }>(host, ClientEvent.hostTemplateCreate, {
      name: { "zh-CN": "扣1券", en: "Storm deal" },
      kind: "amount",
      value: 1000,
      minSpend: 0,
      validDays: 7,
    });
    if (!template.ok) throw new Error(`template: ${template.error.code}`);

    let started = 0;
    let ended = 0;
    let lastEndedAt = 0;
    const allStarted = new Promise<void>((resolve) => {
      for (const socket of crowd) {
        socket.on(ServerEvent.offer, (offer) => {
          if (offer.status === "live") {
            if (++started === crowd.length) resolve();
          } else if (++ended === crowd.length) {
            lastEndedAt = performance.now();
          }
        });
      }
    });
    const offer = await emitWithAck<{ id: string }>(host, ClientEvent.hostOfferStart, {
      templateId: template.data.id,
      stock: STOCK,
      durationSeconds: 120,
    });
    if (!offer.ok) throw new Error(`offer: ${offer.error.code}`);
    await allStarted;

    // A full collection now rather than in the middle of the storm: the load generator holds thousands of sockets.
    (globalThis as { gc?: () => void }).gc?.();
    await ask(child, { kind: "profile", on: true });
    const before = await ask<ServerUsage>(child, { kind: "usage" });
    const loadCpuBefore = process.cpuUsage();
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const machineLoad = round(loadavg()[0] ?? 0);
    const stormStart = performance.now();
    const latencies: number[] = [];
    const refusals: Record<string, number> = {};
    let winners = 0;
    await Promise.all(
      crowd.map(
        (socket, i) =>
          new Promise<void>((resolve) => {
            setTimeout(
              async () => {
                const sentAt = performance.now();
                const ack = await emitWithAck<CommentResult>(socket, ClientEvent.comment, { text: "1" });
                latencies.push(performance.now() - sentAt);
                const claim = ack.ok ? ack.data.claim : null;
                if (claim?.result === "won") winners++;
                const reason = !ack.ok ? ack.error.code : claim?.result === "refused" ? claim.reason : "none";
                if (claim?.result !== "won") refusals[reason] = (refusals[reason] ?? 0) + 1;
                resolve();
              },
              (i * STORM_MS) / crowd.length,
            );
          }),
      ),
    );
    while (ended < crowd.length && performance.now() - stormStart < 30_000) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const after = await ask<ServerUsage>(child, { kind: "usage" });
    await ask(child, { kind: "profile", on: false });
    const windowMs = performance.now() - stormStart;
    loopDelay.disable();
    const loadCpu = process.cpuUsage(loadCpuBefore);
    const db = await ask<ServerCoupons>(child, { kind: "coupons", offerId: offer.data.id });

    latencies.sort((a, b) => a - b);
    const serverCpuMs = (after.cpuMicros - before.cpuMicros) / 1000;
    return {
      viewers,
      connected: crowd.length,
      connectMs: Math.round(connectMs),
      ackP50Ms: round(percentile(latencies, 50)),
      ackP99Ms: round(percentile(latencies, 99)),
      ackMaxMs: round(latencies[latencies.length - 1] ?? Number.NaN),
      allEndedMs: ended === crowd.length ? Math.round(lastEndedAt - stormStart) : -1,
      winners,
      refusals,
      couponsInDb: db.coupons,
      distinctWinnersInDb: db.distinctViewers,
      exactStock:
        winners === STOCK && db.coupons === STOCK && db.distinctViewers === STOCK && db.offerClaimed === STOCK,
      serverCpuMs: Math.round(serverCpuMs),
      serverCpuPercentOfOneCore: Math.round((serverCpuMs / windowMs) * 100),
      serverPeakRssMb: Math.round(after.peakRss / 1024 / 1024),
      loadCpuMs: Math.round((loadCpu.user + loadCpu.system) / 1000),
      loadLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
      machineLoad,
    };
  } finally {
    for (const socket of clients) socket.disconnect();
    await stopServer(child);
  }
}

async function main(): Promise<void> {
  const limit = setTimeout(() => {
    console.error(`bench:storm stopped after ${RUN_LIMIT_MS / 1000} s`);
    process.exit(2);
  }, RUN_LIMIT_MS);
  limit.unref();
  const results: StormResult[] = [];
  for (const viewers of parseViewers(process.argv.slice(2))) {
    const result = await storm(viewers);
    results.push(result);
    const target = viewers <= 5000 ? 150 : 300;
    console.log(
      [
        `${viewers} viewers: ${result.connected} connected in ${result.connectMs} ms (machine load average ${result.machineLoad} on ${cpus().length} cores)`,
        `  claim ack p50 ${result.ackP50Ms} ms, p99 ${result.ackP99Ms} ms (target ≤ ${target}), max ${result.ackMaxMs} ms`,
        `  every viewer had the offer-end event ${result.allEndedMs} ms after the storm began`,
        `  winners ${result.winners} (coupons in the database: ${result.couponsInDb}, distinct viewers ${result.distinctWinnersInDb}) → ${result.exactStock ? "exact" : "NOT EXACT"}`,
        `  refusals ${JSON.stringify(result.refusals)}`,
        `  load generator CPU ${result.loadCpuMs} ms, its event-loop delay p99 ${result.loadLoopDelayP99Ms} ms`,
        `  server CPU ${result.serverCpuMs} ms (${result.serverCpuPercentOfOneCore}% of one core over the storm), peak RSS ${result.serverPeakRssMb} MB`,
      ].join("\n"),
    );
  }
  const out = join(here, "results", "storm.json");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: cpus().length, stock: STOCK, stormMs: STORM_MS, results }, null, 2)}\n`,
  );
  console.log(`wrote ${out}`);
  const failed = results.some((r) => !r.exactStock || r.connected !== r.viewers);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
