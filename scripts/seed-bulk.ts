/**
 * Seeds one shop of bulk size into a database, for the benchmarks of a big shop or to look at one:
 *
 *   npx tsx scripts/seed-bulk.ts --viewers 1000000 --orders 2000000 [--db ./data/bulk.db | postgres://…]
 *     [--shop bulk] [--seed 1]
 *
 * The database must be the seeder's alone while it runs (a fresh file or database): its indexes and
 * constraints are dropped for the load and made again after. Prints the time taken and each step's
 * share (generate runs in a worker beside write; wait is the writer idle for rows), the rows
 * written, the process's peak RSS and the database's size.
 */
import { statSync } from "node:fs";
import { sql } from "kysely";
import { openStore, type Store } from "../server/store/database.js";
import { seedBulkShop } from "../support/bulk-shop.js";

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] !== undefined ? (process.argv[at + 1] as string) : fallback;
}

async function databaseBytes(store: Store, url: string): Promise<number> {
  if (store.dialect === "postgres") {
    const { rows } = await sql<{ bytes: number }>`select pg_database_size(current_database()) as bytes`.execute(
      store.db,
    );
    return Number(rows[0]?.bytes);
  }
  const size = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  return size(url) + size(`${url}-wal`);
}

const viewers = Number(option("--viewers", "1000000"));
const orders = Number(option("--orders", String(viewers * 2)));
const url = option("--db", "./data/bulk.db");
const shopId = option("--shop", "bulk");
const seed = Number(option("--seed", "1"));

const store = await openStore(url);
let lastReport = 0;
const result = await seedBulkShop(store, {
  shopId,
  viewers,
  orders,
  seed,
  now: Date.now(),
  onProgress(done) {
    if (done - lastReport >= 100_000 || done === viewers) {
      lastReport = done;
      console.log(`  ${done.toLocaleString("en")} viewers`);
    }
  },
});
const bytes = await databaseBytes(store, url);
await store.close();
console.log(`seeded ${shopId} on ${store.dialect} in ${result.seconds.toFixed(1)} s`);
console.log(
  Object.entries(result.phases)
    .map(([name, seconds]) => `  ${name}: ${seconds.toFixed(1)} s`)
    .join("\n"),
);
console.log(
  Object.entries(result.counts)
    .map(([table, n]) => `  ${table}: ${n.toLocaleString("en")}`)
    .join("\n"),
);
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
console.log(`database ${(bytes / 2 ** 20).toFixed(0)} MB`);
