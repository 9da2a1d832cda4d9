/**
 * `npx tsx bench/import.ts` (part of `npm run bench`): the history import of a shop with years
 * of orders. IMPORT_ORDERS (default 1,000,000) orders of IMPORT_ORDERS / 10 viewers over three
 * years, in no particular order, stream as NDJSON into `importOrders` on a fresh SQLite file;
 * the RSS and the write-ahead log's size are sampled throughout. Prints and writes
 * bench/results/import.json: seconds (reading and crediting apart), rows/s, the process's CPU
 * seconds, RSS before and at its peak, the WAL file's peak, and the target (≤ 2 minutes for a million, flat memory) met or
 * MISSED (printed, not gated). A wrong result fails the run: an order not imported, a
 * duplicate where there is none, a refusal, or verify finding anything.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { systemClock } from "../server/clock.js";
import { verifyStore } from "../server/ops/verify.js";
import { SILENT_NOTIFIER } from "../server/services/context.js";
import { importOrders } from "../server/services/import/orders.js";
import { createShop } from "../server/services/shops.js";
import { openStore } from "../server/store/database.js";
import { limitRun, machineLoad, round, writeResult } from "./harness.js";

/** A million orders within this, with the RSS growing no more than that, whatever the file's size. */
export const IMPORT_TARGETS = { secondsPerMillion: 120, rssGrowthMb: 256 };

const orders = Number(process.env.IMPORT_ORDERS ?? 1_000_000);
if (!Number.isInteger(orders) || orders < 1) throw new Error("IMPORT_ORDERS takes a whole number");
const viewers = Math.max(1, Math.floor(orders / 10));
/** Lines per transaction, to try another (the import's own, IMPORT_BATCH, when unset). */
const batchSize = process.env.IMPORT_BATCH ? Number(process.env.IMPORT_BATCH) : undefined;
const THREE_YEARS = 3 * 365 * 86_400_000;
const start = Date.UTC(2023, 0, 1);

limitRun("import", 20 * 60_000);

/** The file, line by line as it is made: the benchmark holds no more of it than the import does. */
function* ndjson(): Generator<string> {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const lines: string[] = [];
  for (let i = 0; i < orders; i++) {
    const order = {
      orderId: `o${i}`,
      viewerId: `v${Math.floor(next() * viewers)}`,
      amount: 1000 + Math.floor(next() * 60_000),
      items: [{ sku: `sku${i % 500}`, qty: 1, price: 1000 }],
      paidAt: start + Math.floor(next() * THREE_YEARS),
    };
    lines.push(JSON.stringify(order));
    if (lines.length === 1000) {
      yield `${lines.join("\n")}\n`;
      lines.length = 0;
    }
  }
  if (lines.length > 0) yield `${lines.join("\n")}\n`;
}

const dir = mkdtempSync(join(tmpdir(), "encore-import-"));
const store = await openStore(join(dir, "bench.db"));
const problems: string[] = [];
try {
  const shop = await createShop(store.db, { name: "Import bench" }, Date.now());
  const ctx = {
    store,
    clock: systemClock,
    log: (await import("pino")).default({ level: "silent" }),
    notifier: SILENT_NOTIFIER,
  };
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  // the write-ahead log is paced by the import (store/import-wal.ts): its file must stay small too
  let walPeak = 0;
  const walFile = `${join(dir, "bench.db")}-wal`;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    walPeak = Math.max(walPeak, walBytes(walFile));
  }, 100);
  const phases: Record<string, number> = {};
  const began = performance.now();
  let lastPhase = "";
  const report = await importOrders(ctx, shop, Readable.from(ndjson()), "application/x-ndjson", {
    batchSize,
    onProgress: (p) => {
      if (p.phase !== lastPhase) {
        console.log(`  ${p.phase}… (${round((performance.now() - began) / 1000)} s)`);
        phases[p.phase] = performance.now();
      }
      lastPhase = p.phase;
    },
  });
  const seconds = (performance.now() - began) / 1000;
  clearInterval(sampler);
  const cpu = process.cpuUsage();
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  if (report.imported !== orders) problems.push(`imported ${report.imported} of ${orders}`);
  if (report.duplicates !== 0) problems.push(`${report.duplicates} duplicates in a file without any`);
  if (report.refusedCount !== 0)
    problems.push(`${report.refusedCount} refused: ${JSON.stringify(report.refused.slice(0, 3))}`);
  const violations = await verifyStore(store);
  for (const v of violations) problems.push(`verify: ${v.check} (${v.rows.length} rows)`);
  const mb = (bytes: number) => round(bytes / 1024 / 1024);
  const rssGrowthMb = mb(rssPeak - rssBefore);
  const secondsTarget = (IMPORT_TARGETS.secondsPerMillion * orders) / 1_000_000;
  const result = {
    database: "sqlite",
    orders,
    viewers,
    seconds: round(seconds),
    // reading the file into staging, then crediting it (the rest, to the report)
    readingSeconds: round(((phases.crediting ?? began) - began) / 1000),
    creditingSeconds: round(seconds - ((phases.crediting ?? began) - began) / 1000),
    // the process's own CPU, which the machine's other work does not inflate as it does the wall clock
    cpuSeconds: { user: round(cpu.user / 1e6), system: round(cpu.system / 1e6) },
    walPeakMb: mb(walPeak),
    rowsPerSecond: Math.round(orders / seconds),
    rssBeforeMb: mb(rssBefore),
    rssPeakMb: mb(rssPeak),
    rssGrowthMb,
    machineLoad: machineLoad(),
    problems,
    targets: { seconds: seconds <= secondsTarget, rss: rssGrowthMb <= IMPORT_TARGETS.rssGrowthMb },
  };
  const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
  console.log(
    `import of ${orders.toLocaleString("en")} orders (${viewers.toLocaleString("en")} viewers) on SQLite: ${result.seconds} s, ${result.rowsPerSecond.toLocaleString("en")} rows/s (≤ ${round(secondsTarget)} s ${verdict(result.targets.seconds)})`,
  );
  console.log(
    `  reading ${result.readingSeconds} s, crediting ${result.creditingSeconds} s; CPU ${result.cpuSeconds.user} s user + ${result.cpuSeconds.system} s system; WAL peak ${result.walPeakMb} MB`,
  );
  console.log(
    `  RSS ${result.rssBeforeMb} MB → peak ${result.rssPeakMb} MB: +${rssGrowthMb} MB (≤ +${IMPORT_TARGETS.rssGrowthMb} MB ${verdict(result.targets.rss)})`,
  );
  console.log(`  wrote ${writeResult("import", result)}`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
function walBytes(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

if (problems.length > 0) {
  console.error(`import benchmark failed:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
