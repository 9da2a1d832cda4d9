/**
 * `npx tsx bench/join.ts [-- --viewers N] [--crowds K]` (part of `npm run bench`): a live starts
 * and its reminder brings the room in at once. N viewers (default 10,000) with signed tokens open
 * their sockets spread evenly over 5 s, from K crowd processes (default 2) on 127.0.0.1; each
 * measures from opening its socket to having the room's snapshot (what the widget waits for
 * before it draws). Beside it in the same run, N raw `ws` sockets open to a bare `ws` server over
 * the same 5 s. Prints and writes bench/results/join.json: join and raw connect p50/p99, their
 * p99 ratio, the server's CPU per join, and the server's RSS per connected viewer beside the bare
 * server's per socket. The young generation V8 grows for an arrival's garbage is a fixed amount,
 * not memory per viewer: 500 other viewers join and leave before the baseline, and what it grew
 * by beyond that is left out of `kbPerViewer` (and printed).
 * Targets (printed, not gated): ratio ≤ 3, ≤ 20 KB per viewer. A viewer that does not join fails
 * the run.
 */
import { cpus } from "node:os";
import { limitRun, machineLoad, nextMessage, option, percentile, round, spawn, stop, writeResult } from "./harness.js";
import type { SioServerRequest } from "./sio-server.js";
import { SERVER_FLAGS } from "./storm.js";
import type { CrowdReport, CrowdRequest } from "./storm-crowd.js";
import type { ServerReady, ServerUsage } from "./storm-server.js";
import { JOIN_TARGETS } from "./targets.js";
import type { WsCrowdReport, WsCrowdRequest } from "./ws-crowd.js";
import type { WsServerReport } from "./ws-server.js";

/** The room arrives within this. */
const SPREAD_MS = 5000;
/** Time for the crowd processes to be ready before the first slot. */
const LEAD_MS = 500;
const RUN_LIMIT_MS = 300_000;
/** Viewers who join and leave before the measured arrival (not counted in it). */
const WARM_UP_VIEWERS = 500;

interface Arrival {
  connected: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** from the first slot until the last socket was in */
  allInMs: number;
  serverCpuMs: number;
  /** server RSS after a full collection, before the crowd and with it connected */
  rssBeforeMb: number;
  rssAfterMb: number;
  kbPerConnection: number;
}

function arrival(latencies: number[], failed: number, before: ServerUsage, after: ServerUsage, allInMs: number) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const connected = sorted.length;
  return {
    connected,
    failed,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN),
    allInMs: Math.round(allInMs),
    serverCpuMs: Math.round((after.cpuMicros - before.cpuMicros) / 1000),
    rssBeforeMb: round(before.rss / 1024 / 1024),
    rssAfterMb: round(after.rss / 1024 / 1024),
    kbPerConnection: connected > 0 ? round((after.rss - before.rss) / 1024 / connected) : Number.NaN,
  } satisfies Arrival;
}

/** A baseline server's CPU so far and RSS after a full collection (bench/ws-server.ts, bench/sio-server.ts). */
async function baselineUsage(server: ReturnType<typeof spawn>): Promise<ServerUsage> {
  const answer = nextMessage<WsServerReport>(server, (m) => m.kind === "usage");
  server.send({ kind: "usage" } satisfies SioServerRequest);
  const report = await answer;
  if (report.kind !== "usage") throw new Error("no usage");
  return { kind: "usage", cpuMicros: report.cpuMicros, rss: report.rss, peakRss: 0 };
}

/** The baseline: a bare `ws` server, and the same number of sockets opened over the same window. */
async function rawArrival(viewers: number, crowdCount: number): Promise<Arrival> {
  const server = spawn("ws-server.ts", ["--expose-gc"]);
  const crowds = Array.from({ length: crowdCount }, () => spawn("ws-crowd.ts"));
  try {
    const ready = await nextMessage<WsServerReport>(server, (m) => m.kind === "ready");
    if (ready.kind !== "ready") throw new Error("ws server not ready");
    const usage = () => baselineUsage(server);
    const before = await usage();
    const startAt = Date.now() + LEAD_MS;
    const reports = crowds.map((crowd) => nextMessage<WsCrowdReport>(crowd, (m) => m.kind === "spread"));
    crowds.forEach((crowd, i) => {
      const count = Math.floor(viewers / crowdCount) + (i < viewers % crowdCount ? 1 : 0);
      crowd.send({ kind: "spread", url: ready.url, count, startAt, spreadMs: SPREAD_MS } satisfies WsCrowdRequest);
    });
    const done = (await Promise.all(reports)).flatMap((r) => (r.kind === "spread" ? [r] : []));
    const allInMs = Date.now() - startAt;
    const after = await usage();
    return arrival(
      done.flatMap((r) => r.latencies),
      done.reduce((n, r) => n + r.failed, 0),
      before,
      after,
      allInMs,
    );
  } finally {
    await Promise.all(crowds.map((crowd) => stop(crowd, { kind: "close" })));
    await stop(server, { kind: "stop" });
  }
}

/**
 * socket.io alone (bench/sio-server.ts), joined by the same crowd code as Encore: what the
 * protocol's handshake, upgrade and one event cost before any of Encore's work.
 */
async function socketIoArrival(viewers: number, crowdCount: number): Promise<Arrival> {
  const server = spawn("sio-server.ts", ["--expose-gc"]);
  const crowds = Array.from({ length: crowdCount }, () => spawn("storm-crowd.ts", ["--expose-gc"]));
  try {
    const ready = await nextMessage<WsServerReport>(server, (m) => m.kind === "ready");
    if (ready.kind !== "ready") throw new Error("socket.io server not ready");
    const asked = (request: object, kind: CrowdReport["kind"]) =>
      Promise.all(
        crowds.map((crowd, i) => {
          const answer = nextMessage<CrowdReport>(crowd, (m) => m.kind === kind);
          crowd.send({ ...request, crowd: i } as CrowdRequest);
          return answer;
        }),
      );
    const room = { url: ready.url, roomId: "room", shopId: "bare", secret: "bare-secret", crowds: crowdCount };
    await asked({ kind: "sign", ...room, total: viewers }, "signed");
    await asked({ kind: "warmup", ...room, total: WARM_UP_VIEWERS }, "warmed");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const usage = () => baselineUsage(server);
    const before = await usage();
    const startAt = Date.now() + LEAD_MS;
    const reports = await asked(
      { kind: "join", url: ready.url, roomId: "room", total: viewers, startAt, spreadMs: SPREAD_MS },
      "joined",
    );
    const allInMs = Date.now() - startAt;
    const after = await usage();
    const joined = reports.flatMap((r) => (r.kind === "joined" ? [r] : []));
    return arrival(
      joined.flatMap((r) => r.latencies),
      joined.reduce((n, r) => n + r.failed, 0),
      before,
      after,
      allInMs,
    );
  } finally {
    await Promise.all(crowds.map((crowd) => stop(crowd, { kind: "close" })));
    await stop(server, { kind: "stop" } satisfies SioServerRequest);
  }
}

/** Encore: the widget's own client, a signed token each, in until the snapshot is there. */
async function encoreArrival(viewers: number, crowdCount: number) {
  const server = spawn("storm-server.ts", [...SERVER_FLAGS, "--expose-gc"]);
  const crowds = Array.from({ length: crowdCount }, () => spawn("storm-crowd.ts", ["--expose-gc"]));
  try {
    const ready = await nextMessage<ServerReady>(server, (m) => m.kind === "ready");
    const asked = <T>(request: object, accept: (m: T) => boolean) =>
      Promise.all(
        crowds.map((crowd, i) => {
          const answer = nextMessage<T>(crowd, accept);
          crowd.send({ ...request, crowd: i } as CrowdRequest);
          return answer;
        }),
      );
    await asked<CrowdReport>(
      { kind: "sign", shopId: ready.shopId, secret: ready.secret, crowds: crowdCount, total: viewers },
      (m) => m.kind === "signed",
    );
    const usage = async (gc: boolean) => {
      const collected = gc ? await askServer(server, { kind: "gc" }) : null;
      const now = await askServer(server, { kind: "usage" });
      return collected ? { ...now, rss: collected.rss, heap: collected.heap } : now;
    };
    // a few hundred viewers join and leave first: V8's young generation grows to its working
    // size (up to what --max-semi-space-size allows) once, whatever the room's size, and a
    // baseline taken before would count that fixed growth as memory per viewer
    await asked<CrowdReport>(
      {
        kind: "warmup",
        url: ready.url,
        roomId: ready.roomId,
        shopId: ready.shopId,
        secret: ready.secret,
        crowds: crowdCount,
        total: WARM_UP_VIEWERS,
      },
      (m) => m.kind === "warmed",
    );
    // and the server has let go of their sockets before the baseline
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = await usage(true);
    // STORM_PROFILE=dir: a CPU profile of the server over the arrival alone
    await askServer(server, { kind: "profile", on: true });
    const load = machineLoad();
    const startAt = Date.now() + LEAD_MS;
    const reports = await asked<CrowdReport>(
      { kind: "join", url: ready.url, roomId: ready.roomId, total: viewers, startAt, spreadMs: SPREAD_MS },
      (m) => m.kind === "joined",
    );
    const allInMs = Date.now() - startAt;
    const cpuAfter = await usage(false);
    await askServer(server, { kind: "profile", on: false });
    const collected = await usage(true);
    const after = { ...cpuAfter, rss: collected.rss };
    const joined = reports.flatMap((r) => (r.kind === "joined" ? [r] : []));
    return {
      ...arrival(
        joined.flatMap((r) => r.latencies),
        joined.reduce((n, r) => n + r.failed, 0),
        before,
        after,
        allInMs,
      ),
      heapGrowthMb: heapGrowth(before.heap, collected.heap),
      kbPerViewer: perViewer(before, collected, joinedCount(reports)),
      crowdCpuMs: Math.round(joined.reduce((n, r) => n + r.cpuMs, 0)),
      crowdLoopDelayP99Ms: round(Math.max(...joined.map((r) => r.loopDelayP99Ms))),
      machineLoad: load,
    };
  } finally {
    await Promise.all(crowds.map((crowd) => stop(crowd, { kind: "close" })));
    await stop(server, { kind: "stop" });
  }
}

const joinedCount = (reports: CrowdReport[]) =>
  reports.reduce((n, r) => n + (r.kind === "joined" ? r.latencies.length : 0), 0);

/**
 * RSS per joined viewer, without what V8's young generation grew by. After a full collection the
 * young generation holds nothing live: what it keeps resident is the size it has grown to for
 * the arrival's short-lived garbage, at most what --max-semi-space-size allows, the same for a
 * room of 3,000 as of 10,000. The warm-up grows most of it before the baseline; this takes out
 * the rest. Everything else the process holds is counted (`kbPerConnection` keeps the plain RSS
 * difference beside it).
 */
function perViewer(before: ServerUsage, after: ServerUsage, joined: number): number {
  if (!before.heap || !after.heap || joined === 0) return Number.NaN;
  const youngGrowth = Math.max(0, after.heap.newSpace - before.heap.newSpace);
  return round((after.rss - before.rss - youngGrowth) / 1024 / joined);
}

/** How each part of the server's memory grew over the arrival, in MB: what the RSS per viewer is made of. */
function heapGrowth(before: ServerUsage["heap"], after: ServerUsage["heap"]) {
  if (!before || !after) return null;
  const mb = (key: keyof typeof before) => round((after[key] - before[key]) / 1024 / 1024);
  return { newSpace: mb("newSpace"), oldSpaces: mb("oldSpaces"), external: mb("external") };
}

function askServer(server: ReturnType<typeof spawn>, request: object): Promise<ServerUsage> {
  const answer = nextMessage<ServerUsage>(server, (m) => m.kind === "usage");
  server.send(request);
  return answer;
}

async function main(): Promise<void> {
  limitRun("bench:join", RUN_LIMIT_MS);
  const argv = process.argv.slice(2);
  const viewers = option(argv, "--viewers") ?? 10_000;
  if (viewers > 15_000) throw new Error("--viewers is at most 15000");
  const crowdCount = option(argv, "--crowds") ?? 2;

  const raw = await rawArrival(viewers, crowdCount);
  const socketIo = await socketIoArrival(viewers, crowdCount);
  const encore = await encoreArrival(viewers, crowdCount);
  const ratioP99 = round(encore.p99Ms / raw.p99Ms);
  const socketIoRatioP99 = round(socketIo.p99Ms / raw.p99Ms);
  const cpuPerJoinMs = round(encore.serverCpuMs / Math.max(1, encore.connected));
  const targets = {
    ratio: ratioP99 <= JOIN_TARGETS.ratioP99,
    memory: encore.kbPerViewer <= JOIN_TARGETS.kbPerViewer,
  };
  const verdict = (met: boolean) => (met ? "met" : "MISSED");
  console.log(
    [
      `${viewers} viewers arriving over ${SPREAD_MS / 1000} s from ${crowdCount} crowd processes (machine load average ${encore.machineLoad} on ${cpus().length} cores)`,
      `  raw ws: ${raw.connected} open, connect p50 ${raw.p50Ms} ms, p99 ${raw.p99Ms} ms, max ${raw.maxMs} ms; server RSS ${raw.rssBeforeMb} → ${raw.rssAfterMb} MB, ${raw.kbPerConnection} KB per socket`,
      `  socket.io alone: ${socketIo.connected} in, open → event p50 ${socketIo.p50Ms} ms, p99 ${socketIo.p99Ms} ms (${socketIoRatioP99}× raw), max ${socketIo.maxMs} ms; server CPU ${round(socketIo.serverCpuMs / Math.max(1, socketIo.connected))} ms per socket`,
      `  Encore: ${encore.connected} joined, open → snapshot p50 ${encore.p50Ms} ms, p99 ${encore.p99Ms} ms, max ${encore.maxMs} ms, all in ${encore.allInMs} ms after the first slot`,
      `  join p99 ÷ raw connect p99: ${ratioP99}× (≤ ${JOIN_TARGETS.ratioP99}×) ${verdict(targets.ratio)}`,
      `  server CPU ${encore.serverCpuMs} ms, ${cpuPerJoinMs} ms per join; RSS ${encore.rssBeforeMb} → ${encore.rssAfterMb} MB (${encore.kbPerConnection} KB a viewer)`,
      `  ${encore.kbPerViewer} KB per viewer without the young generation's growth (≤ ${JOIN_TARGETS.kbPerViewer} KB) ${verdict(targets.memory)}; RSS grew by V8's young generation +${encore.heapGrowthMb?.newSpace} MB, the rest of its heap +${encore.heapGrowthMb?.oldSpaces} MB, outside it +${encore.heapGrowthMb?.external} MB`,
      `  crowd CPU ${encore.crowdCpuMs} ms, worst crowd event-loop delay p99 ${encore.crowdLoopDelayP99Ms} ms`,
    ].join("\n"),
  );
  const out = writeResult("join", {
    viewers,
    crowds: crowdCount,
    spreadMs: SPREAD_MS,
    serverFlags: SERVER_FLAGS,
    raw,
    socketIo,
    socketIoRatioP99,
    encore,
    ratioP99,
    kbPerViewer: encore.kbPerViewer,
    cpuPerJoinMs,
    targets,
  });
  console.log(`wrote ${out}`);
  const failed = encore.connected !== viewers || raw.connected !== viewers || socketIo.connected !== viewers;
  if (failed)
    console.error(
      `not everyone came in: Encore ${encore.connected}/${viewers}, socket.io ${socketIo.connected}/${viewers}, raw ${raw.connected}/${viewers}`,
    );
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
