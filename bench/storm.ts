/**
 * `npm run bench:storm [-- --viewers N] [--crowds K]`: N viewers in one room all send "1" within
 * one second against stock 100. The server runs in its own process, the viewers are real
 * socket.io clients (websocket, forceNew) spread over K crowd processes (default 2) on
 * 127.0.0.1. Prints the figures and writes bench/results/storm.json. Defaults to 5,000 then
 * 10,000 viewers.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { io, type Socket } from "socket.io-client";
import { type Ack, ClientEvent, type ClientToServerEvents, type ServerToClientEvents } from "../protocol/index.js";
import { signToken } from "../server/auth/tokens.js";
import type { CrowdReport, CrowdRequest } from "./storm-crowd.js";
import type { ServerCoupons, ServerReady, ServerRequest, ServerUsage } from "./storm-server.js";

const STOCK = 100;
/** Handshakes in flight at once while the crowd connects, over all crowd processes. */
const CONNECT_CONCURRENCY = 500;
/** The storm's window: every viewer sends "1" once, spread evenly over it. */
const STORM_MS = 1000;
/** How long after the storm the crowds wait for every viewer to see the offer end. */
const END_WAIT_MS = 30_000;
/** The whole run stops by itself after this, whatever happened. */
const RUN_LIMIT_MS = 600_000;

/**
 * The server's Node flags (STORM_SERVER_FLAGS overrides them). A 64 MB young generation keeps a
 * storm's short-lived garbage out of the old generation, whose collections over a 10,000-socket
 * heap otherwise land in the middle of the storm; it is the setting README recommends for big rooms.
 */
const SERVER_FLAGS = (process.env.STORM_SERVER_FLAGS ?? "--max-semi-space-size=64").split(" ").filter(Boolean);

const here = dirname(fileURLToPath(import.meta.url));

function option(argv: string[], name: string): number | undefined {
  const at = argv.indexOf(name);
  if (at === -1) return undefined;
  const n = Number(argv[at + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} takes a whole number`);
  return n;
}

function spawn(file: string, extraFlags: string[] = []): ChildProcess {
  return fork(join(here, file), [], { execArgv: [...extraFlags, "--import", "tsx"], stdio: "inherit" });
}

/** The next message from a child that satisfies `accept`. */
function nextMessage<T>(child: ChildProcess, accept: (message: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!accept(message as T)) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) => reject(new Error(`a bench process exited with ${code}`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

function ask<T>(child: ChildProcess, request: ServerRequest): Promise<T> {
  const answer = nextMessage<T>(child);
  child.send(request);
  return answer;
}

/** Asks a child to finish and waits for it to go, killing it if it does not within a few seconds. */
function stop(child: ChildProcess, request: ServerRequest | CrowdRequest): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.send(request);
  });
}

function hostSocket(ready: ServerReady, token: string): Promise<Socket<ServerToClientEvents, ClientToServerEvents>> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(ready.url, {
    auth: { room: ready.roomId, token },
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

function emitWithAck<T>(socket: Socket, event: string, payload: unknown): Promise<Ack<T>> {
  return new Promise((resolve) => (socket.emit as unknown as (...a: unknown[]) => void)(event, payload, resolve));
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const round = (n: number) => Math.round(n * 10) / 10;

export interface StormResult {
  viewers: number;
  crowds: number;
  connected: number;
  connectMs: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  /** from the storm's start until the last viewer had the offer's end event; -1 if some never did */
  allEndedMs: number;
  winners: number;
  refusals: Record<string, number>;
  couponsInDb: number;
  distinctWinnersInDb: number;
  exactStock: boolean;
  serverCpuMs: number;
  serverCpuPercentOfOneCore: number;
  serverPeakRssMb: number;
  /** the crowd processes' CPU and worst event-loop delay: when these are high, latency is partly the clients' */
  crowdCpuMs: number;
  crowdLoopDelayP99Ms: number;
  /** the machine's 1-minute load average when the storm began: other work on a shared machine shows here */
  machineLoad: number;
}

async function storm(viewers: number, crowdCount: number): Promise<StormResult> {
  const server = spawn("storm-server.ts", SERVER_FLAGS);
  const crowds = Array.from({ length: crowdCount }, () =>
    spawn("storm-crowd.ts", ["--expose-gc", "--max-semi-space-size=64"]),
  );
  let host: Socket | undefined;
  try {
    const ready = await nextMessage<ServerReady>(server);
    host = await hostSocket(ready, await signToken(ready.secret, { sub: "host", shop: ready.shopId, role: "host" }));

    const connectStart = performance.now();
    const connected = crowds.map((crowd) => nextMessage<CrowdReport>(crowd, (m) => m.kind === "connected"));
    crowds.forEach((crowd, i) => {
      crowd.send({
        kind: "connect",
        url: ready.url,
        roomId: ready.roomId,
        shopId: ready.shopId,
        secret: ready.secret,
        crowd: i,
        crowds: crowdCount,
        total: viewers,
        concurrency: Math.ceil(CONNECT_CONCURRENCY / crowdCount),
      } satisfies CrowdRequest);
    });
    const connectReports = await Promise.all(connected);
    const connectMs = performance.now() - connectStart;
    const connectedCount = connectReports.reduce((n, r) => n + (r.kind === "connected" ? r.connected : 0), 0);

    const template = await emitWithAck<{ id: string }>(host, ClientEvent.hostTemplateCreate, {
      name: { "zh-CN": "扣1券", en: "Storm deal" },
      kind: "amount",
      value: 1000,
      minSpend: 0,
      validDays: 7,
    });
    if (!template.ok) throw new Error(`template: ${template.error.code}`);
    const started = crowds.map((crowd) => nextMessage<CrowdReport>(crowd, (m) => m.kind === "started"));
    const offer = await emitWithAck<{ id: string }>(host, ClientEvent.hostOfferStart, {
      templateId: template.data.id,
      stock: STOCK,
      durationSeconds: 120,
    });
    if (!offer.ok) throw new Error(`offer: ${offer.error.code}`);
    await Promise.all(started);

    await ask(server, { kind: "profile", on: true });
    const before = await ask<ServerUsage>(server, { kind: "usage" });
    const machineLoad = round(loadavg()[0] ?? 0);
    const results = crowds.map((crowd) => nextMessage<CrowdReport>(crowd, (m) => m.kind === "result"));
    const startAt = Date.now() + 200;
    for (const crowd of crowds) {
      crowd.send({ kind: "storm", startAt, spreadMs: STORM_MS, waitMs: END_WAIT_MS } satisfies CrowdRequest);
    }
    const reports = (await Promise.all(results)).filter((r) => r.kind === "result");
    const windowMs = Date.now() - startAt;
    const after = await ask<ServerUsage>(server, { kind: "usage" });
    await ask(server, { kind: "profile", on: false });
    const db = await ask<ServerCoupons>(server, { kind: "coupons", offerId: offer.data.id });

    const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const winners = reports.reduce((n, r) => n + r.winners, 0);
    const refusals: Record<string, number> = {};
    for (const r of reports) {
      for (const [reason, n] of Object.entries(r.refusals)) refusals[reason] = (refusals[reason] ?? 0) + n;
    }
    const everyoneEnded = reports.reduce((n, r) => n + r.ended, 0) === connectedCount;
    const serverCpuMs = (after.cpuMicros - before.cpuMicros) / 1000;
    return {
      viewers,
      crowds: crowdCount,
      connected: connectedCount,
      connectMs: Math.round(connectMs),
      ackP50Ms: round(percentile(latencies, 50)),
      ackP99Ms: round(percentile(latencies, 99)),
      ackMaxMs: round(latencies[latencies.length - 1] ?? Number.NaN),
      allEndedMs: everyoneEnded ? Math.max(...reports.map((r) => r.lastEndedAt)) - startAt : -1,
      winners,
      refusals,
      couponsInDb: db.coupons,
      distinctWinnersInDb: db.distinctViewers,
      exactStock:
        winners === STOCK && db.coupons === STOCK && db.distinctViewers === STOCK && db.offerClaimed === STOCK,
      serverCpuMs: Math.round(serverCpuMs),
      serverCpuPercentOfOneCore: Math.round((serverCpuMs / windowMs) * 100),
      serverPeakRssMb: Math.round(after.peakRss / 1024 / 1024),
      crowdCpuMs: Math.round(reports.reduce((n, r) => n + r.cpuMs, 0)),
      crowdLoopDelayP99Ms: round(Math.max(...reports.map((r) => r.loopDelayP99Ms))),
      machineLoad,
    };
  } finally {
    host?.disconnect();
    await Promise.all(crowds.map((crowd) => stop(crowd, { kind: "close" })));
    await stop(server, { kind: "stop" });
  }
}

async function main(): Promise<void> {
  const limit = setTimeout(() => {
    console.error(`bench:storm stopped after ${RUN_LIMIT_MS / 1000} s`);
    process.exit(2);
  }, RUN_LIMIT_MS);
  limit.unref();
  const argv = process.argv.slice(2);
  const single = option(argv, "--viewers");
  if (single !== undefined && single > 15_000) throw new Error("--viewers is at most 15000");
  const crowdCount = option(argv, "--crowds") ?? 2;
  const results: StormResult[] = [];
  for (const viewers of single ? [single] : [5000, 10_000]) {
    const result = await storm(viewers, crowdCount);
    results.push(result);
    const target = viewers <= 5000 ? 150 : 300;
    console.log(
      [
        `${viewers} viewers in ${result.crowds} crowd processes: ${result.connected} connected in ${result.connectMs} ms (machine load average ${result.machineLoad} on ${cpus().length} cores)`,
        `  claim ack p50 ${result.ackP50Ms} ms, p99 ${result.ackP99Ms} ms (target ≤ ${target}), max ${result.ackMaxMs} ms`,
        `  every viewer had the offer-end event ${result.allEndedMs} ms after the storm began`,
        `  winners ${result.winners} (coupons in the database: ${result.couponsInDb}, distinct viewers ${result.distinctWinnersInDb}) → ${result.exactStock ? "exact" : "NOT EXACT"}`,
        `  refusals ${JSON.stringify(result.refusals)}`,
        `  crowd CPU ${result.crowdCpuMs} ms, worst crowd event-loop delay p99 ${result.crowdLoopDelayP99Ms} ms`,
        `  server CPU ${result.serverCpuMs} ms (${result.serverCpuPercentOfOneCore}% of one core over the storm), peak RSS ${result.serverPeakRssMb} MB`,
      ].join("\n"),
    );
  }
  const out = join(here, "results", "storm.json");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: cpus().length, serverFlags: SERVER_FLAGS, stock: STOCK, stormMs: STORM_MS, results }, null, 2)}\n`,
  );
  console.log(`wrote ${out}`);
  const failed = results.some((r) => !r.exactStock || r.connected !== r.viewers);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
