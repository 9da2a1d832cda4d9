/**
 * `npx tsx bench/members.ts [--postgres] [--db URL]` (part of `npm run bench`): the dashboard and
 * every segment list's first page over a shop of a million members.
 *
 * Seeds the bulk shop (MEMBERS_VIEWERS, default 1,000,000, and MEMBERS_ORDERS, default twice as
 * many) on a temp SQLite file, or with --postgres on a fresh database of the server
 * ENCORE_BENCH_PG points at; --db times a shop seeded before (scripts/seed-bulk.ts) instead. Then
 * times the whole dashboard (`insight()`) and the first page (100 viewers) of each segment, the
 * median of five runs each after one to warm up, and writes bench/results/members.json
 * (members-postgres.json). A wrong result fails the run: the roll-up's buyers or revenue not what
 * grouping every order answers.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import pino from "pino";
import { SEGMENTS } from "../protocol/index.js";
import { systemClock } from "../server/clock.js";
import { type Context, SILENT_NOTIFIER } from "../server/services/context.js";
import { insight } from "../server/services/insight.js";
import { segmentPage } from "../server/services/segment-lists.js";
import { getShop } from "../server/services/shops.js";
import { openStore } from "../server/store/database.js";
import { toNumber } from "../server/store/numbers.js";
import { isCI } from "../support/ci.js";
import { BENCH_SHOP, seedLifecycleShop } from "../support/lifecycle-shop.js";
import { freshPostgres, machineLoad, round, writeResult } from "./harness.js";
import { MEMBERS_TARGET_MS } from "./targets.js";

const RUNS = 5;

function sizeFrom(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number`);
  return value;
}

async function median(work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return round(times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? 0);
}

async function run(databaseUrl: string, database: "sqlite" | "postgres", seed: boolean) {
  const store = await openStore(databaseUrl);
  try {
    let size = { viewers: 0, orders: 0, seedSeconds: 0 };
    if (seed) {
      const viewers = sizeFrom("MEMBERS_VIEWERS", 1_000_000);
      const orders = sizeFrom("MEMBERS_ORDERS", viewers * 2);
      const seeded = await seedLifecycleShop(store, { viewers, orders }, Date.now());
      size = { viewers, orders, seedSeconds: round(seeded.seconds) };
    } else {
      const count = async (table: "viewers" | "orders") =>
        toNumber(
          (
            await store.db
              .selectFrom(table)
              .select(sql<number>`count(*)`.as("n"))
              .where("shop_id", "=", BENCH_SHOP)
              .executeTakeFirstOrThrow()
          ).n,
        );
      size = { viewers: await count("viewers"), orders: await count("orders"), seedSeconds: 0 };
    }
    const shop = await getShop(store.db, BENCH_SHOP);
    if (!shop) throw new Error("no bulk shop in that database");
    const ctx: Context = { store, clock: systemClock, notifier: SILENT_NOTIFIER, log: pino({ level: "silent" }) };
    const load = machineLoad();
    const dashboardMs = await median(() => insight(ctx, shop, `${BENCH_SHOP}_live`));
    const pages: Record<string, { ms: number; viewers: number }> = {};
    for (const segment of SEGMENTS) {
      let listed = 0;
      const ms = await median(async () => {
        listed = (await segmentPage(ctx, shop, segment, undefined, 100)).viewers.length;
      });
      pages[segment] = { ms, viewers: listed };
    }

    // the maintained figures against one full grouping of the orders
    const figures = (await insight(ctx, shop, `${BENCH_SHOP}_live`)).shop;
    const scanned = await store.db
      .selectFrom(
        store.db
          .selectFrom("orders")
          .select(["viewer_id", sql<number>`sum(paid)`.as("paid")])
          .where("shop_id", "=", shop.id)
          .where("refunded_at", "is", null)
          .groupBy("viewer_id")
          .as("b"),
      )
      .select([sql<number>`count(*)`.as("buyers"), sql<number>`coalesce(sum(b.paid), 0)`.as("revenue")])
      .executeTakeFirstOrThrow();
    const exact = toNumber(scanned.buyers) === figures.buyers && toNumber(scanned.revenue) === figures.revenue.total;

    const slowest = Math.max(dashboardMs, ...Object.values(pages).map((p) => p.ms));
    const result = {
      database,
      ...size,
      machineLoad: load,
      dashboardMs,
      pages,
      slowestMs: slowest,
      exact,
      targets: { ms: MEMBERS_TARGET_MS, met: slowest <= MEMBERS_TARGET_MS },
    };
    console.log(JSON.stringify(result, null, 2));
    return result;
  } finally {
    await store.close();
  }
}

const argv = process.argv.slice(2);
const postgres = argv.includes("--postgres");
const at = argv.indexOf("--db");
const given = at >= 0 ? argv[at + 1] : undefined;
const name = postgres ? "members-postgres" : "members";

let result: Awaited<ReturnType<typeof run>>;
if (given) {
  result = await run(given, given.startsWith("postgres") ? "postgres" : "sqlite", false);
} else if (postgres) {
  const admin = process.env.ENCORE_BENCH_PG;
  if (!admin) {
    console.log("skipped: ENCORE_BENCH_PG is not set");
    process.exit(isCI() ? 1 : 0);
  }
  const fresh = await freshPostgres(admin);
  try {
    result = await run(fresh.url, "postgres", true);
  } finally {
    await fresh.drop();
  }
} else {
  const dir = mkdtempSync(join(tmpdir(), "encore-members-"));
  try {
    result = await run(join(dir, "members.db"), "sqlite", true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`wrote ${writeResult(name, { results: [result] })}`);
if (!result.exact) {
  console.error("the roll-up's buyers or revenue differ from grouping every order");
  process.exit(1);
}
