/**
 * `node --expose-gc --import tsx bench/claim-batch.ts [--claims N] [--batch B] [--storms K] [--postgres] [--compare DIR]`:
 * the claim path alone, in this process, without sockets: the CPU a storm's claims cost the offer
 * desk and its store. A shop of N viewers (10,000), an offer of stock 100 in a fresh room, and N
 * claims sent B at a time (250), each group in its own turn of the event loop as the socket path
 * forms batches; printed as process CPU milliseconds per 1,000 claims, the median of K storms (5).
 *
 * A storm's wall time on a busy machine says little; CPU time does, so this compares two versions
 * of the code fairly: `--compare DIR` loads a second checkout's server (another branch's code,
 * unpacked in DIR) into the same process, and the two take turns on the same database.
 * With --postgres it runs on a fresh database on the server ENCORE_BENCH_PG points at.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import pino from "pino";
import { freshPostgres } from "./harness.js";

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? Number(argv[at + 1]) : fallback;
};
const CLAIMS = option("claims", 10_000);
const BATCH = option("batch", 250);
const STORMS = option("storms", 5);
const STOCK = option("stock", 100);
const MODE = argv.includes("--draw") ? "draw" : "first_come";
const onPostgres = argv.includes("--postgres");
const compareAt = argv.indexOf("--compare");
const roots = [resolve(import.meta.dirname, ".."), ...(compareAt >= 0 ? [resolve(argv[compareAt + 1] as string)] : [])];

/** One checkout's server modules, loaded from its own files. */
async function load(root: string) {
  const from = (path: string) => import(pathToFileURL(join(root, path)).href);
  return {
    root,
    database: await from("server/store/database.ts"),
    shops: await from("server/services/shops.ts"),
    coupons: await from("server/services/coupons.ts"),
    offers: await from("server/services/offers/index.ts"),
    context: await from("server/services/context.ts"),
  };
}
type Code = Awaited<ReturnType<typeof load>>;

const noEvents = { changed() {}, stock() {}, outcome() {} };

/** One storm: a new room and offer, every viewer's "1" in groups of BATCH; CPU ms per 1,000 claims. */
async function storm(code: Code, store: unknown, shop: { id: string }, n: number) {
  const log = pino({ level: "silent" });
  const ctx = { store, clock: { now: () => Date.now() }, notifier: code.context.SILENT_NOTIFIER, log };
  const desk = new code.offers.OfferDesk(ctx, noEvents);
  const db = (store as { db: unknown }).db;
  const fullShop = await code.shops.requireShop(db, shop.id);
  const templateId = await newTemplate(code, db, fullShop);
  const room = await code.shops.createRoom(db, shop.id, { title: `Storm ${n}` }, Date.now());
  await desk.start(fullShop, room.id, {
    templateId,
    stock: STOCK,
    durationSeconds: 300,
    mode: MODE,
    keyword: "1",
    minTier: null,
  });
  const answers: Promise<{ result: string } | null>[] = [];
  // with --expose-gc, the garbage of the storm before is not this one's to collect
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.cpuUsage();
  for (let i = 0; i < CLAIMS; i += BATCH) {
    for (let v = i; v < Math.min(CLAIMS, i + BATCH); v++) {
      const claimant = {
        shop: fullShop,
        roomId: room.id,
        viewerId: viewerId(v),
        name: null,
        muted: false,
        socketId: null,
      };
      answers.push(desk.claimIfKeyword(claimant, "1"));
    }
    await new Promise((next) => setImmediate(next));
  }
  const outcomes = await Promise.all(answers);
  const used = process.cpuUsage(before);
  const won = outcomes.filter((o) => o?.result === (MODE === "draw" ? "entered" : "won")).length;
  const expected = MODE === "draw" ? CLAIMS : Math.min(STOCK, CLAIMS);
  if (won !== expected) throw new Error(`${won} won or entered in ${code.root}, not ${expected}`);
  return (used.user + used.system) / 1000 / (CLAIMS / 1000);
}

/** A template of its own for each storm: a viewer may hold one of each, and every storm starts with none held. */
async function newTemplate(code: Code, db: unknown, shop: { id: string; config: unknown }): Promise<string> {
  const template = await code.coupons.createTemplate(
    db,
    shop.id,
    {
      name: { "zh-CN": "立减", en: "Deal" },
      kind: "amount",
      value: 1000,
      minSpend: 5000,
      validDays: 7,
      minTier: null,
      stock: null,
      perViewerLimit: 1,
      pointsCost: null,
    },
    shop.config,
    Date.now(),
    { actor: "cli", requestId: null },
  );
  return template.id;
}

const viewerId = (i: number) => `v${String(i).padStart(6, "0")}`;

async function main() {
  const codes = [];
  for (const root of roots) codes.push(await load(root));
  const first = codes[0] as Code;
  const pg = onPostgres ? await freshPostgres(requiredEnv("ENCORE_BENCH_PG")) : undefined;
  const dir = mkdtempSync(join(tmpdir(), "encore-claims-"));
  const store = await first.database.openStore(pg ? pg.url : join(dir, "claims.db"));
  const db = store.db;
  const now = Date.now();
  const shop = await first.shops.createShop(db, { name: "Claim shop" }, now);
  for (let i = 0; i < CLAIMS; i += 500) {
    const rows = [];
    for (let v = i; v < Math.min(CLAIMS, i + 500); v++)
      rows.push({ shop_id: shop.id, viewer_id: viewerId(v), points: 0, growth: v % 7, created_at: now, is_host: 0 });
    await db.insertInto("viewers").values(rows).execute();
  }
  const figures: number[][] = codes.map(() => []);
  // a storm each before measuring: the first run of any code pays for its compilation
  for (const code of codes) await storm(code, store, shop, -1);
  for (let k = 0; k < STORMS; k++) {
    for (const [i, code] of codes.entries()) {
      (figures[i] as number[]).push(await storm(code, store, shop, k * codes.length + i));
    }
  }
  const label = onPostgres ? "Postgres" : "SQLite";
  console.log(
    `${label}: ${CLAIMS} claims in groups of ${BATCH}, ${MODE}, stock ${STOCK}, load ${loadavg()[0]?.toFixed(1)}`,
  );
  codes.forEach((code, i) => {
    const runs = (figures[i] as number[]).slice().sort((a, b) => a - b);
    const median = runs[Math.floor(runs.length / 2)] as number;
    const shown = (figures[i] as number[]).map((f) => f.toFixed(1)).join(", ");
    console.log(`  ${code.root}: ${median.toFixed(1)} ms CPU per 1,000 claims (median; runs ${shown})`);
  });
  await store.close();
  await pg?.drop();
  rmSync(dir, { recursive: true, force: true });
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name} to a postgres:// URL of a role that may create databases`);
  return value;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
