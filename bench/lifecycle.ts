/**
 * `npx tsx bench/lifecycle.ts [--postgres]` (part of `npm run bench`): one daily sweep of every
 * automation over a shop of a real size, while viewers in its live room beat.
 *
 * Seeds the bulk shop (LIFECYCLE_VIEWERS, default 1,000,000, and LIFECYCLE_ORDERS, default twice
 * as many) with every automation switched on, starts the server in its own process on that
 * database, connects a crowd of LIFECYCLE_CROWD sockets (default 200) that beat every two seconds,
 * runs the shop's first sweep (yesterday's: it reads every member and records their segments),
 * on Postgres does the night's vacuum and checkpoint (`settleOvernight`),
 * measures the beat ack p99 without a sweep, then runs today's sweep (which reads only the members
 * something can be due for) and measures it again meanwhile.
 * The sweeps run where a server sweeping on its own runs them (see `sweepsInThread`), or where
 * LIFECYCLE_SWEEP_IN says (`thread`, `loop`); in the thread, its writes are made by the server's
 * thread on SQLite and by the thread on Postgres, or as LIFECYCLE_SWEEP_WRITES says (`server`,
 * `thread`). LIFECYCLE_SERVER_FLAGS adds Node flags to the server (`--cpu-prof --cpu-prof-dir=d`).
 * Prints and writes bench/results/lifecycle.json (lifecycle-postgres.json with --postgres, on a
 * fresh database of the server ENCORE_BENCH_PG points at): seed, first and daily sweep seconds
 * (wall and the server's CPU), members the daily sweep read, touches by
 * status, the server's RSS before and at its peak, beat ack p99 without and during the sweep,
 * where the machine's time went meanwhile (machine-time.ts: Postgres's CPU, waits for the disk
 * and for the hypervisor, what a slow run waited for), and the targets met or MISSED (printed,
 * not gated). A wrong result fails the run: a touch sent twice, a coupon or webhook not matching
 * its touch, verify finding anything, a viewer of the crowd not connected.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { SERVER_NODE_FLAGS } from "../server/node-flags.js";
import { openStore } from "../server/store/database.js";
import { isCI } from "../support/ci.js";
import { seedLifecycleShop, shopMorning } from "../support/lifecycle-shop.js";
import {
  ask,
  freshPostgres,
  limitRun,
  machineLoad,
  nextMessage,
  percentile,
  round,
  spawn,
  stop,
  writeResult,
} from "./harness.js";
import type {
  LifecycleCollected,
  LifecycleCounts,
  LifecycleServerReady,
  LifecycleServerRequest,
  LifecycleSwept,
} from "./lifecycle-server.js";
import { sweptIn } from "./lifecycle-swept-in.js";
import {
  describeMachineTime,
  loopProbeMs,
  type MachineTime,
  machineCounters,
  machineTimeBetween,
} from "./machine-time.js";
import type { CrowdReport, CrowdRequest } from "./storm-crowd.js";
import { LIFECYCLE_TARGETS } from "./targets.js";

/** Each beat window: every viewer of the crowd beats every two seconds within it (the server takes one a second at most). */
const BEAT_WINDOW_MS = 4000;
const BEAT_INTERVAL_MS = 2000;
/** Beat windows measured before the sweep, for the p99 without it. */
const BASELINE_WINDOWS = 4;
const DAY_MS = 24 * 3600_000;
/** The whole run stops by itself after this, whatever happened. */
const RUN_LIMIT_MS = 90 * 60_000;

const sizeFrom = (name: string, fallback: number) => {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} takes a whole number`);
  return n;
};

export interface LifecycleBenchResult {
  database: "sqlite" | "postgres";
  viewers: number;
  orders: number;
  crowd: number;
  seedSeconds: number;
  /** yesterday's sweep, the shop's first: every member read */
  firstSweepSeconds: number;
  firstSweepCpuSeconds: number;
  firstSweep: LifecycleSwept["result"];
  /** today's sweep, the one measured against the targets */
  sweepSeconds: number;
  sweepCpuSeconds: number;
  sweep: LifecycleSwept["result"];
  touchesByStatus: Record<string, number>;
  outbox: Record<string, number>;
  rssBeforeMb: number;
  rssPeakMb: number;
  rssGrowthMb: number;
  beatAckP99WithoutMs: number;
  beatAckP99DuringMs: number;
  beatsWithout: number;
  beatsDuring: number;
  beatErrors: Record<string, number>;
  machineLoad: number;
  /** a fixed loop's time just before the daily sweep (machine-time.ts): how fast the machine ran */
  probeMs: number;
  /** where the machine's time went during the daily sweep: Postgres's CPU, waits for the disk and the hypervisor */
  sweepMachine: MachineTime | null;
  /** where the sweeps ran: the sweep thread (as a server sweeping on its own) or the server's event loop */
  sweptIn: "thread" | "event loop";
  /** in the thread: who made its writes (the server's thread on SQLite, the thread on Postgres, or LIFECYCLE_SWEEP_WRITES) */
  writesBy: "server" | "thread" | null;
  problems: string[];
  targets: { sweep: boolean; rss: boolean; beats: boolean };
}

/**
 * A day passes between the two sweeps. On Postgres the night's work on what the seeding and the
 * first sweep wrote (gigabytes into fresh tables) would otherwise fall in the windows of beats:
 * autovacuum's workers, and above all the checkpoint that writes those pages out, spread over
 * minutes, behind which every beat's commit waits to flush the log (at 200,000 members the beats'
 * p99 without a sweep came out 38 ms in one run and 225-232 ms in the next two). So the bench
 * does that night's work before measuring. `checkpoint` needs the role `pg_checkpoint` (.ci/run
 * grants it); without it the run says so and goes on. Null on SQLite, which has no such work.
 */
async function settleOvernight(databaseUrl: string, database: "sqlite" | "postgres"): Promise<number | null> {
  if (database !== "postgres") return null;
  const started = performance.now();
  const store = await openStore(databaseUrl);
  try {
    await sql`vacuum analyze`.execute(store.db);
    await sql`checkpoint`.execute(store.db).catch((error: { code?: string }) => {
      if (error.code !== "42501") throw error;
      console.log("  no checkpoint before measuring: this role may not (grant pg_checkpoint)");
    });
  } finally {
    await store.close();
  }
  return (performance.now() - started) / 1000;
}

/** Beat windows back to back until `done` resolves; answers every window's ack latencies. */
async function beatUntil(crowd: ReturnType<typeof spawn>, done: Promise<unknown>, windows = Number.POSITIVE_INFINITY) {
  let finished = false;
  void done.then(() => {
    finished = true;
  });
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  for (let i = 0; i < windows && !finished; i++) {
    const beaten = nextMessage<CrowdReport>(crowd, (m) => m.kind === "beaten");
    crowd.send({
      kind: "beats",
      startAt: Date.now() + 20,
      intervalMs: BEAT_INTERVAL_MS,
      durationMs: BEAT_WINDOW_MS,
    } satisfies CrowdRequest);
    const report = await beaten;
    if (report.kind !== "beaten") continue;
    latencies.push(...report.latencies);
    for (const [code, n] of Object.entries(report.errors)) errors[code] = (errors[code] ?? 0) + n;
  }
  return { latencies: latencies.sort((a, b) => a - b), errors };
}

async function run(databaseUrl: string, database: "sqlite" | "postgres"): Promise<LifecycleBenchResult> {
  const viewers = sizeFrom("LIFECYCLE_VIEWERS", 1_000_000);
  const orders = sizeFrom("LIFECYCLE_ORDERS", viewers * 2);
  const crowdSize = Math.min(sizeFrom("LIFECYCLE_CROWD", 200), viewers);
  const now = shopMorning(Date.now());

  const store = await openStore(databaseUrl);
  let reported = 0;
  const seeded = await seedLifecycleShop(store, { viewers, orders }, now, (done) => {
    if (done - reported >= 100_000) {
      reported = done;
      console.log(`  seeded ${done.toLocaleString("en")} viewers`);
    }
  });
  await store.close();
  console.log(
    `seeded ${viewers.toLocaleString("en")} viewers, ${orders.toLocaleString("en")} orders in ${round(seeded.seconds)} s`,
  );

  // LIFECYCLE_SERVER_FLAGS: more Node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=dir` (its threads each write one)
  const flags = process.env.LIFECYCLE_SERVER_FLAGS?.split(" ").filter(Boolean) ?? [];
  // the server runs with the flags it runs with everywhere (server/node-flags.ts)
  const server = spawn("lifecycle-server.ts", ["--expose-gc", ...SERVER_NODE_FLAGS, ...flags], [databaseUrl]);
  const crowd = spawn("storm-crowd.ts", ["--expose-gc"]);
  try {
    const ready = await nextMessage<LifecycleServerReady>(server);
    const connected = await ask<CrowdReport>(
      crowd,
      {
        kind: "connect",
        url: ready.url,
        roomId: ready.roomId,
        shopId: ready.shopId,
        secret: ready.secret,
        crowd: 0,
        crowds: 1,
        total: crowdSize,
        concurrency: 50,
      } satisfies CrowdRequest,
      (m) => m.kind === "connected",
    );
    const crowdConnected = connected.kind === "connected" ? connected.connected : 0;

    const collect = () => ask<LifecycleCollected>(server, { kind: "gc" }, (m) => m.kind === "collected");
    await collect();
    // yesterday's sweep: the shop's first, which reads every member (and their segments, silently)
    const first = await ask<LifecycleSwept>(
      server,
      { kind: "sweep", now: now - DAY_MS } satisfies LifecycleServerRequest,
      (m) => m.kind === "swept",
    );
    console.log(`first sweep (every member) in ${round(first.seconds)} s, ${round(first.cpuSeconds)} CPU s`);
    const settled = await settleOvernight(databaseUrl, database);
    if (settled !== null)
      console.log(`vacuumed, analysed and checkpointed, as a night would have, in ${round(settled)} s`);

    // each window of beats begins on a collected heap, and no collection is asked for inside one:
    // the first sweep's garbage would otherwise land in the beats without a sweep, and a forced
    // collection in the beats during it
    await collect();
    const without = await beatUntil(crowd, new Promise(() => {}), BASELINE_WINDOWS);
    await collect();
    const load = machineLoad();
    const probeMs = loopProbeMs();
    const counters = machineCounters();
    const request: LifecycleServerRequest = { kind: "sweep", now };
    const swept = ask<LifecycleSwept>(server, request, (m) => m.kind === "swept");
    const during = await beatUntil(crowd, swept);
    const { seconds, cpuSeconds, result, rssBeforeMb, rssPeakMb } = await swept;
    const sweepMachine = machineTimeBetween(counters, machineCounters());
    const counts = await ask<LifecycleCounts>(server, { kind: "counts" }, (m) => m.kind === "counts");

    const problems: string[] = [];
    if (crowdConnected !== crowdSize) problems.push(`${crowdSize - crowdConnected} of the crowd did not connect`);
    if (counts.sent !== counts.sentKeys) problems.push(`${counts.sent - counts.sentKeys} touches sent twice`);
    if (counts.sent !== first.result.sent + result.sent)
      problems.push(`the sweeps said ${first.result.sent + result.sent} sent, the store holds ${counts.sent}`);
    if (counts.withCoupon !== counts.distinctCodes) problems.push("two touches carry one coupon");
    if (counts.withCoupon !== counts.automationCoupons)
      problems.push(`${counts.automationCoupons} automation coupons for ${counts.withCoupon} touches with one`);
    if ((counts.outbox["viewer.touch"] ?? 0) !== counts.sent)
      problems.push(`${counts.outbox["viewer.touch"] ?? 0} viewer.touch webhooks for ${counts.sent} touches sent`);
    if (first.result.viewers !== viewers)
      problems.push(`the first sweep read ${first.result.viewers} of ${viewers} viewers`);
    if (!result.narrowed) problems.push("the daily sweep read every member instead of those something can be due for");
    problems.push(...counts.violations.map((v) => `verify: ${v}`));

    const withoutP99 = round(percentile(without.latencies, 99));
    const duringP99 = round(percentile(during.latencies, 99));
    const beatErrors = { ...without.errors };
    for (const [code, n] of Object.entries(during.errors)) beatErrors[code] = (beatErrors[code] ?? 0) + n;
    return {
      database,
      viewers,
      orders,
      crowd: crowdSize,
      seedSeconds: round(seeded.seconds),
      firstSweepSeconds: round(first.seconds),
      firstSweepCpuSeconds: round(first.cpuSeconds),
      firstSweep: first.result,
      sweepSeconds: round(seconds),
      sweepCpuSeconds: round(cpuSeconds),
      sweep: result,
      touchesByStatus: counts.touches,
      outbox: counts.outbox,
      rssBeforeMb: Math.round(rssBeforeMb),
      rssPeakMb: Math.round(rssPeakMb),
      rssGrowthMb: Math.round(rssPeakMb - rssBeforeMb),
      beatAckP99WithoutMs: withoutP99,
      beatAckP99DuringMs: duringP99,
      beatsWithout: without.latencies.length,
      beatsDuring: during.latencies.length,
      beatErrors,
      machineLoad: load,
      probeMs,
      sweepMachine,
      sweptIn: sweptIn({ url: databaseUrl }),
      writesBy:
        sweptIn({ url: databaseUrl }) === "event loop"
          ? null
          : ((process.env.LIFECYCLE_SWEEP_WRITES as "server" | "thread" | undefined) ??
            (database === "sqlite" ? "server" : "thread")),
      problems,
      targets: {
        sweep: seconds <= LIFECYCLE_TARGETS.sweepSeconds,
        rss: rssPeakMb - rssBeforeMb <= LIFECYCLE_TARGETS.rssGrowthMb,
        beats: duringP99 <= LIFECYCLE_TARGETS.beatP99Ratio * withoutP99,
      },
    };
  } finally {
    await stop(crowd, { kind: "close" });
    await stop(server, { kind: "stop" } satisfies LifecycleServerRequest);
  }
}

async function main(): Promise<void> {
  limitRun("bench:lifecycle", RUN_LIMIT_MS);
  const onPostgres = process.argv.includes("--postgres");
  const adminUrl = process.env.ENCORE_BENCH_PG;
  if (onPostgres && !adminUrl) {
    const why = "set ENCORE_BENCH_PG to a postgres:// URL of a role that may create databases";
    if (isCI()) {
      console.error(`lifecycle sweep on Postgres cannot run with CI=true: ${why}`);
      process.exit(1);
    }
    console.log(`lifecycle sweep on Postgres skipped: ${why}`);
    process.exit(0);
  }
  const dir = mkdtempSync(join(tmpdir(), "encore-lifecycle-"));
  const postgres = onPostgres && adminUrl ? await freshPostgres(adminUrl) : undefined;
  let result: LifecycleBenchResult;
  try {
    result = await run(postgres?.url ?? join(dir, "lifecycle.db"), postgres ? "postgres" : "sqlite");
  } finally {
    await postgres?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  const verdict = (met: boolean) => (met ? "met" : "MISSED");
  const r = result;
  console.log(
    [
      `${r.database === "postgres" ? "Postgres" : "SQLite"}, ${r.viewers.toLocaleString("en")} viewers, ${r.orders.toLocaleString("en")} orders (machine load average ${r.machineLoad} on ${cpus().length} cores)`,
      `  seed ${r.seedSeconds} s; first sweep (every member) ${r.firstSweepSeconds} s, ${r.firstSweepCpuSeconds} CPU s: ${r.firstSweep.sent} sent`,
      `  sweeps run in the ${r.sweptIn === "thread" ? `sweep thread, its writes made by the ${r.writesBy === "server" ? "server's thread" : "thread"}` : "server's event loop"}`,
      `  daily sweep ${r.sweepSeconds} s (≤ ${LIFECYCLE_TARGETS.sweepSeconds} s) ${verdict(r.targets.sweep)}, ${r.sweepCpuSeconds} CPU s, ${r.sweep.viewers.toLocaleString("en")} members read`,
      `  during the daily sweep: ${describeMachineTime(r.sweepMachine)}; a fixed loop took ${r.probeMs} ms just before`,
      `  daily sweep: ${r.sweep.sent} sent, ${r.sweep.heldOut} held out, ${r.sweep.heldBack} held back, ${r.sweep.deferred} deferred, ${r.sweep.cancelled} cancelled, ${r.sweep.expired} balances expired, ${r.sweep.postponed} members postponed (their facts changed while the sweep decided)`,
      `  touches by status ${JSON.stringify(r.touchesByStatus)}; outbox ${JSON.stringify(r.outbox)}`,
      `  server RSS ${r.rssBeforeMb} MB before, ${r.rssPeakMb} MB at peak: +${r.rssGrowthMb} MB (≤ +${LIFECYCLE_TARGETS.rssGrowthMb}) ${verdict(r.targets.rss)}`,
      `  beat ack p99 (${r.crowd} sockets) ${r.beatAckP99WithoutMs} ms without a sweep (${r.beatsWithout} beats), ${r.beatAckP99DuringMs} ms during it (${r.beatsDuring} beats; ≤ ${LIFECYCLE_TARGETS.beatP99Ratio}×) ${verdict(r.targets.beats)}`,
      `  beat errors ${JSON.stringify(r.beatErrors)}`,
      r.problems.length === 0 ? "  result: exact" : `  result WRONG: ${r.problems.join("; ")}`,
    ].join("\n"),
  );
  const out = writeResult(onPostgres ? "lifecycle-postgres" : "lifecycle", { results: [result] });
  console.log(`wrote ${out}`);
  process.exit(result.problems.length > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
