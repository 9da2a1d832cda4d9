/**
 * `npx tsx bench/room.ts [--viewers N] [--crowds K] [--beat-seconds S]` (part of `npm run bench`):
 * one big room, measured three ways in one run on 127.0.0.1, the server in its own process and
 * the viewers (the widget's own wire client, with viewer tokens) spread over K crowd processes.
 *
 * 1. connections: N viewers join one room; the server's RSS before and after, and the connect time.
 * 2. fan-out: six offer events to every viewer, timed at the clients from the moment the event
 *    was asked for to the moment each viewer had it. First end to end: the host starts and stops
 *    an offer three times (each start and stop is one event to all, after its transaction). Then
 *    the same number of events sent by the server to the room through its fan-out (the room broadcast alone),
 *    and a bare `ws` server sending a frame of the same JSON to as many raw `ws` clients; the
 *    ratio of those two is the comparison.
 * 3. watch beats: every viewer beats once per 30 s at its own slot (N / 30 beats a second, the
 *    production rate) for S seconds (default 60); the server's CPU share over that window.
 *
 * Writes bench/results/connections.json, fanout.json and beats.json. Stops by itself.
 */
import type { ChildProcess } from "node:child_process";
import { cpus } from "node:os";
import type { Socket } from "socket.io-client";
import { HostEvent, type OfferView } from "../protocol/index.js";
import { signToken } from "../server/auth/tokens.js";
import {
  ask,
  limitRun,
  machineLoad,
  nextMessage,
  option,
  percentile,
  round,
  spawn,
  stop,
  wallNow,
  writeResult,
} from "./harness.js";
import { emitWithAck, hostSocket, SERVER_FLAGS } from "./storm.js";
import type { CrowdReport, CrowdRequest } from "./storm-crowd.js";
import type { ServerReady, ServerRequest, ServerUsage } from "./storm-server.js";
import { FANOUT_RATIO_TARGET } from "./targets.js";
import type { WsCrowdReport, WsCrowdRequest } from "./ws-crowd.js";
import type { WsServerReport, WsServerRequest } from "./ws-server.js";

/** Handshakes in flight at once while a crowd connects, over all crowd processes. */
const CONNECT_CONCURRENCY = 500;
/** Offers started and stopped: each is two events to everyone. */
const ROUNDS = 3;
/** How long one event may take to reach every viewer before the run gives up on the stragglers. */
const DELIVERY_WAIT_MS = 20_000;
/** A viewer's beat interval in production (the widget beats every 30 s). */
const BEAT_INTERVAL_MS = 30_000;
const RUN_LIMIT_MS = 900_000;

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Delivery {
  events: number;
  sockets: number;
  /** deliveries counted at the clients, over all events; sockets × events when none was missed */
  delivered: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Waits until every crowd together has had `key` `expected` times, or the wait runs out. */
async function awaitDelivery(crowds: ChildProcess[], key: string, expected: number): Promise<void> {
  const deadline = Date.now() + DELIVERY_WAIT_MS;
  while (Date.now() < deadline) {
    const counts = await Promise.all(
      crowds.map((crowd) =>
        ask<{ kind: string; key: string; count: number }>(
          crowd,
          { kind: "received", key },
          (m) => m.kind === "received" && m.key === key,
        ),
      ),
    );
    if (counts.reduce((n, c) => n + c.count, 0) >= expected) return;
    await sleep(50);
  }
}

/** Every client's delay for each event: arrival minus the moment the event was sent. */
async function delivery(crowds: ChildProcess[], sentAt: Map<string, number>, sockets: number): Promise<Delivery> {
  const delays: number[] = [];
  for (const [key, at] of sentAt) {
    for (const crowd of crowds) {
      const report = await ask<{ kind: string; key: string; at: number[] }>(
        crowd,
        { kind: "receipts", key },
        (m) => m.kind === "receipts" && m.key === key,
      );
      for (const arrived of report.at) delays.push(arrived - at);
    }
  }
  delays.sort((a, b) => a - b);
  return {
    events: sentAt.size,
    sockets,
    delivered: delays.length,
    p50Ms: round(percentile(delays, 50)),
    p99Ms: round(percentile(delays, 99)),
    maxMs: round(delays[delays.length - 1] ?? Number.NaN),
  };
}

interface RoomFigures {
  connections: {
    viewers: number;
    connected: number;
    connectMs: number;
    serverRssIdleMb: number;
    serverRssConnectedMb: number;
    serverKbPerSocket: number;
    machineLoad: number;
  };
  /** the host's actions end to end, with their transactions */
  hostFanout: Delivery & { sample: OfferView; hostAckP50Ms: number; machineLoad: number };
  /** the same events sent straight to the room by the server */
  fanout: Delivery & { machineLoad: number };
  beats: {
    viewers: number;
    intervalMs: number;
    windowMs: number;
    beats: number;
    beatsPerSecond: number;
    credited: number;
    errors: Record<string, number>;
    ackP50Ms: number;
    ackP99Ms: number;
    serverCpuMs: number;
    serverCpuPercentOfOneCore: number;
    serverCpuPercentOfMachine: number;
    crowdCpuMs: number;
    crowdLoopDelayP99Ms: number;
    machineLoad: number;
  };
}

async function socketIoRoom(viewers: number, crowdCount: number, beatWindowMs: number): Promise<RoomFigures> {
  const server = spawn("storm-server.ts", SERVER_FLAGS);
  const crowds = Array.from({ length: crowdCount }, () =>
    spawn("storm-crowd.ts", ["--expose-gc", "--max-semi-space-size=64"]),
  );
  let host: Socket | undefined;
  try {
    const ready = await nextMessage<ServerReady>(server);
    host = await hostSocket(ready, await signToken(ready.secret, { sub: "host", shop: ready.shopId, role: "host" }));
    const idle = await ask<ServerUsage>(server, { kind: "usage" });

    const connectLoad = machineLoad();
    const connectStart = performance.now();
    const connectedReports = crowds.map((crowd) => nextMessage<CrowdReport>(crowd, (m) => m.kind === "connected"));
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
    const connected = (await Promise.all(connectedReports)).reduce(
      (n, r) => n + (r.kind === "connected" ? r.connected : 0),
      0,
    );
    const connectMs = Math.round(performance.now() - connectStart);
    await sleep(2000); // let the connect phase's garbage go before reading RSS
    const full = await ask<ServerUsage>(server, { kind: "usage" });

    const template = await emitWithAck<{ id: string }>(host, HostEvent.templateCreate, {
      name: { "zh-CN": "扣1券", en: "Fan-out deal" },
      kind: "amount",
      value: 1000,
      minSpend: 0,
      validDays: 7,
    });
    if (!template.ok) throw new Error(`template: ${template.error.code}`);
    const fanoutLoad = machineLoad();
    const sentAt = new Map<string, number>();
    const hostAcks: number[] = [];
    let sample: OfferView | undefined;
    for (let r = 0; r < ROUNDS; r++) {
      let at = wallNow();
      const started = await emitWithAck<OfferView>(host, HostEvent.offerStart, {
        templateId: template.data.id,
        stock: 100,
        durationSeconds: 120,
      });
      if (!started.ok) throw new Error(`offer start: ${started.error.code}`);
      hostAcks.push(wallNow() - at);
      sample = started.data;
      sentAt.set(`${started.data.id}:live`, at);
      await awaitDelivery(crowds, `${started.data.id}:live`, connected);
      at = wallNow();
      const stopped = await emitWithAck<OfferView>(host, HostEvent.offerStop, { offerId: started.data.id });
      if (!stopped.ok) throw new Error(`offer stop: ${stopped.error.code}`);
      hostAcks.push(wallNow() - at);
      sentAt.set(`${stopped.data.id}:${stopped.data.status}`, at);
      await awaitDelivery(crowds, `${stopped.data.id}:${stopped.data.status}`, connected);
    }
    if (!sample) throw new Error("no offer was started");
    const hostFanout = await delivery(crowds, sentAt, connected);

    const broadcastLoad = machineLoad();
    const broadcastAt = new Map<string, number>();
    for (let r = 0; r < ROUNDS; r++) {
      for (const status of ["live", "ended"] as const) {
        const event: OfferView = { ...sample, id: `${sample.id}_${r}`, status };
        const key = `${event.id}:${status}`;
        const at = wallNow();
        await ask(
          server,
          { kind: "broadcast", offer: event } satisfies ServerRequest,
          (m: { kind: string }) => m.kind === "broadcast",
        );
        broadcastAt.set(key, at);
        await awaitDelivery(crowds, key, connected);
      }
    }
    const fanout = await delivery(crowds, broadcastAt, connected);

    const beatLoad = machineLoad();
    const beatResults = crowds.map((crowd) => nextMessage<CrowdReport>(crowd, (m) => m.kind === "beaten"));
    // STORM_PROFILE=dir: a CPU profile of the beats window alone.
    await ask(server, { kind: "profile", on: true } satisfies ServerRequest);
    const before = await ask<ServerUsage>(server, { kind: "usage" });
    const startAt = Date.now() + 500;
    for (const crowd of crowds) {
      crowd.send({
        kind: "beats",
        startAt,
        intervalMs: BEAT_INTERVAL_MS,
        durationMs: beatWindowMs,
      } satisfies CrowdRequest);
    }
    const beaten = (await Promise.all(beatResults)).flatMap((r) => (r.kind === "beaten" ? [r] : []));
    const after = await ask<ServerUsage>(server, { kind: "usage" });
    const windowMs = Date.now() - startAt;
    await ask(server, { kind: "profile", on: false } satisfies ServerRequest);
    const latencies = beaten.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const errors: Record<string, number> = {};
    for (const r of beaten) {
      for (const [code, n] of Object.entries(r.errors)) errors[code] = (errors[code] ?? 0) + n;
    }
    const serverCpuMs = (after.cpuMicros - before.cpuMicros) / 1000;
    return {
      connections: {
        viewers,
        connected,
        connectMs,
        serverRssIdleMb: mb(idle.rss),
        serverRssConnectedMb: mb(full.rss),
        serverKbPerSocket: Math.round((full.rss - idle.rss) / 1024 / Math.max(1, connected)),
        machineLoad: connectLoad,
      },
      fanout: { ...fanout, machineLoad: broadcastLoad },
      hostFanout: {
        ...hostFanout,
        sample,
        hostAckP50Ms: round(
          percentile(
            hostAcks.sort((a, b) => a - b),
            50,
          ),
        ),
        machineLoad: fanoutLoad,
      },
      beats: {
        viewers: connected,
        intervalMs: BEAT_INTERVAL_MS,
        windowMs,
        beats: latencies.length,
        beatsPerSecond: Math.round(latencies.length / (windowMs / 1000)),
        credited: beaten.reduce((n, r) => n + r.credited, 0),
        errors,
        ackP50Ms: round(percentile(latencies, 50)),
        ackP99Ms: round(percentile(latencies, 99)),
        serverCpuMs: Math.round(serverCpuMs),
        serverCpuPercentOfOneCore: round((serverCpuMs / windowMs) * 100),
        serverCpuPercentOfMachine: round((serverCpuMs / windowMs / cpus().length) * 100),
        crowdCpuMs: Math.round(beaten.reduce((n, r) => n + r.cpuMs, 0)),
        crowdLoopDelayP99Ms: round(Math.max(...beaten.map((r) => r.loopDelayP99Ms))),
        machineLoad: beatLoad,
      },
    };
  } finally {
    host?.disconnect();
    await Promise.all(crowds.map((crowd) => stop(crowd, { kind: "close" } satisfies CrowdRequest)));
    await stop(server, { kind: "stop" });
  }
}

/** The baseline: the same number of events, each the same JSON as an offer event, over bare `ws`. */
async function rawWsFanout(
  viewers: number,
  crowdCount: number,
  sample: OfferView,
): Promise<Delivery & { connectMs: number }> {
  const server = spawn("ws-server.ts", SERVER_FLAGS);
  const crowds = Array.from({ length: crowdCount }, () => spawn("ws-crowd.ts", ["--max-semi-space-size=64"]));
  try {
    const ready = await nextMessage<WsServerReport>(server, (m) => m.kind === "ready");
    if (ready.kind !== "ready") throw new Error("the ws server did not start");
    const connectStart = performance.now();
    const reports = await Promise.all(
      crowds.map((crowd, i) =>
        ask<WsCrowdReport>(
          crowd,
          {
            kind: "connect",
            url: ready.url,
            count: Math.floor(viewers / crowdCount) + (i < viewers % crowdCount ? 1 : 0),
            concurrency: Math.ceil(CONNECT_CONCURRENCY / crowdCount),
          } satisfies WsCrowdRequest,
          (m) => m.kind === "connected",
        ),
      ),
    );
    const connectMs = Math.round(performance.now() - connectStart);
    const connected = reports.reduce((n, r) => n + (r.kind === "connected" ? r.connected : 0), 0);
    await sleep(2000);
    const sentAt = new Map<string, number>();
    for (let r = 0; r < ROUNDS; r++) {
      for (const status of ["live", "ended"] as const) {
        const event = { ...sample, id: `${sample.id}_${r}`, status };
        const key = `${event.id}:${status}`;
        const at = wallNow();
        await ask(server, { kind: "broadcast", data: JSON.stringify(["offer", event]) } satisfies WsServerRequest);
        sentAt.set(key, at);
        await awaitDelivery(crowds, key, connected);
      }
    }
    return { ...(await delivery(crowds, sentAt, connected)), connectMs };
  } finally {
    await Promise.all(crowds.map((crowd) => stop(crowd, { kind: "close" } satisfies WsCrowdRequest)));
    await stop(server, { kind: "stop" } satisfies WsServerRequest);
  }
}

async function main(): Promise<void> {
  limitRun("bench room", RUN_LIMIT_MS);
  const argv = process.argv.slice(2);
  const viewers = option(argv, "--viewers") ?? 10_000;
  if (viewers > 15_000) throw new Error("--viewers is at most 15000");
  const crowdCount = option(argv, "--crowds") ?? 2;
  const beatWindowMs = (option(argv, "--beat-seconds") ?? 60) * 1000;

  const room = await socketIoRoom(viewers, crowdCount, beatWindowMs);
  const raw = await rawWsFanout(viewers, crowdCount, room.hostFanout.sample);
  const ratio = { p50: round(room.fanout.p50Ms / raw.p50Ms), p99: round(room.fanout.p99Ms / raw.p99Ms) };
  const { connections: c, fanout: f, hostFanout: h, beats: b } = room;
  const { sample, ...hostFigures } = h;
  console.log(
    [
      `connections: ${c.connected}/${c.viewers} viewers in one room in ${c.connectMs} ms; server RSS ${c.serverRssIdleMb} MB idle → ${c.serverRssConnectedMb} MB (${c.serverKbPerSocket} KB a socket); load average ${c.machineLoad} on ${cpus().length} cores`,
      `fan-out (${f.events} events × ${f.sockets} sockets, ${JSON.stringify(["offer", sample]).length}-byte JSON):`,
      `  host starts/stops an offer (end to end): p50 ${h.p50Ms} ms, p99 ${h.p99Ms} ms, max ${h.maxMs} ms, ${h.delivered} delivered; host ack p50 ${h.hostAckP50Ms} ms; load average ${h.machineLoad}`,
      `  room fan-out (socket.io, by shard):     p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, max ${f.maxMs} ms, ${f.delivered} delivered; load average ${f.machineLoad}`,
      `  raw ws broadcast:                        p50 ${raw.p50Ms} ms, p99 ${raw.p99Ms} ms, max ${raw.maxMs} ms, ${raw.delivered} delivered (${raw.sockets} sockets connected in ${raw.connectMs} ms)`,
      `  ratio room fan-out / raw ws: p50 ${ratio.p50}×, p99 ${ratio.p99}× (target ≤ ${FANOUT_RATIO_TARGET}×)`,
      `watch beats: ${b.beats} beats from ${b.viewers} viewers over ${Math.round(b.windowMs / 1000)} s (${b.beatsPerSecond}/s, each viewer every ${b.intervalMs / 1000} s), ${b.credited} credited, errors ${JSON.stringify(b.errors)}`,
      `  beat ack p50 ${b.ackP50Ms} ms, p99 ${b.ackP99Ms} ms; server CPU ${b.serverCpuMs} ms = ${b.serverCpuPercentOfOneCore}% of one core (${b.serverCpuPercentOfMachine}% of the machine); crowd CPU ${b.crowdCpuMs} ms; load average ${b.machineLoad}`,
    ].join("\n"),
  );
  const written = [
    writeResult("connections", { serverFlags: SERVER_FLAGS, ...c }),
    writeResult("fanout", {
      serverFlags: SERVER_FLAGS,
      socketIoRoomBroadcast: f,
      rawWs: raw,
      ratio,
      hostActionEndToEnd: hostFigures,
      event: sample,
    }),
    writeResult("beats", { serverFlags: SERVER_FLAGS, ...b }),
  ];
  console.log(`wrote ${written.join(", ")}`);
  const failed =
    c.connected !== c.viewers || f.delivered !== f.events * f.sockets || raw.delivered !== raw.events * raw.sockets;
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
