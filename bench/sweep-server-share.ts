/**
 * `npx tsx bench/sweep-server-share.ts` (SQLite): how much of the server's own thread a daily
 * sweep in the sweep thread costs, per 1,000 members read. On SQLite the thread reads and decides
 * and the server's thread makes every write, and each of those writes is time a beat may wait for.
 *
 * Seeds the bulk shop (SWEEP_SHARE_VIEWERS, default 20,000, and twice as many orders) in a fresh
 * file, runs yesterday's first sweep and today's daily sweep in the sweep thread with no sockets
 * and nothing else on the server's thread, and prints the server thread's CPU over the daily sweep
 * (its own CPU clock, which a loaded machine does not inflate as it does the wall clock), per
 * 1,000 members read, beside the thread's and the wall clock. SWEEP_SHARE_RUNS repeats it (a fresh
 * shop each run) and prints the median. SWEEP_SHARE_PROFILE=file writes a CPU profile of the server
 * thread over the daily sweep (open it in Chrome's devtools).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { systemClock } from "../server/clock.js";
import { threadCpuNs } from "../server/ops/thread-cpu.js";
import { SILENT_NOTIFIER } from "../server/services/context.js";
import { SweepWorker } from "../server/services/lifecycle/sweep-worker.js";
import { openStore } from "../server/store/database.js";
import { BENCH_SHOP, seedLifecycleShop, shopMorning } from "../support/lifecycle-shop.js";
import { machineLoad, round } from "./harness.js";

const DAY_MS = 86_400_000;
const viewers = Number(process.env.SWEEP_SHARE_VIEWERS ?? 20_000);
const runs = Number(process.env.SWEEP_SHARE_RUNS ?? 1);

async function once(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "encore-sweep-share-"));
  try {
    const url = join(dir, "shop.db");
    const now = shopMorning(Date.now());
    const store = await openStore(url);
    await seedLifecycleShop(store, { viewers, orders: viewers * 2 }, now);
    const ctx = { store, clock: systemClock, notifier: SILENT_NOTIFIER, log: pino({ level: "silent" }) };
    const worker = new SweepWorker(ctx, { writesHere: true });
    const options = { holder: "bench", leaseMs: 10 * 60_000 };
    await worker.sweep(BENCH_SHOP, now - DAY_MS, options);
    const profile = process.env.SWEEP_SHARE_PROFILE;
    const session = profile ? new Session() : null;
    if (session) {
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
    }
    const load = machineLoad();
    const cpu = threadCpuNs() ?? 0;
    const process0 = process.cpuUsage();
    const started = performance.now();
    const result = await worker.sweep(BENCH_SHOP, now, options);
    const wall = performance.now() - started;
    const serverMs = ((threadCpuNs() ?? 0) - cpu) / 1e6;
    if (session && profile) {
      const { profile: taken } = await session.post("Profiler.stop");
      writeFileSync(profile, JSON.stringify(taken));
      session.disconnect();
    }
    const used = process.cpuUsage(process0);
    const processMs = (used.user + used.system) / 1000;
    await worker.close();
    await store.close();
    if (!result) throw new Error("the bulk shop is gone");
    const perThousand = (serverMs / result.viewers) * 1000;
    console.log(
      `daily sweep of ${result.viewers.toLocaleString("en")} members (${result.sent} sent, ${result.postponed} postponed) in ${round(wall)} ms at load ${load}: ` +
        `server thread ${round(serverMs)} ms CPU (${round(perThousand)} ms per 1,000 members), whole process ${round(processMs)} ms CPU`,
    );
    return perThousand;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const figures: number[] = [];
for (let i = 0; i < runs; i++) figures.push(await once());
figures.sort((a, b) => a - b);
console.log(
  `median: ${round(figures[Math.floor(figures.length / 2)] ?? 0)} ms of the server thread's CPU per 1,000 members`,
);
