import { CompiledQuery, type KyselyPlugin } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../server/domain/coupons.js";
import { verifyStore } from "../../server/ops/verify.js";
import type { Context } from "../../server/services/context.js";
import { sweepCandidates } from "../../server/services/lifecycle/candidates.js";
import { readSpenders } from "../../server/services/lifecycle/spenders.js";
import { sweep } from "../../server/services/lifecycle/sweep.js";
import { getShop, type Shop } from "../../server/services/shops.js";
import { cancelTouches } from "../../server/store/lifecycle.js";
import { viewerItems } from "../../server/store/orders.js";
import { BENCH_SHOP, seedLifecycleShop, shopMorning } from "../../support/lifecycle-shop.js";
import { startServer, type TestServer } from "../../support/server.js";

type Db = TestServer["store"]["db"];

/** `db` as one that hands each select it compiles to `seen` before running it. */
function seeingSelects(db: Db, seen: (query: CompiledQuery) => void): Db {
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      if (args.node.kind === "SelectQueryNode") seen(db.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return db.withPlugin(plugin);
}

/** SQLite's plan of `query`, a line per table read. */
async function planOf(db: Db, query: CompiledQuery): Promise<string[]> {
  const plan = await db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
  );
  return plan.rows.map((row) => row.detail);
}

/**
 * Each fact a sweep reads for a chunk of viewers is found through an index on the viewer: a plan
 * that walks the whole shop instead (by time, say) costs nothing at a thousand viewers and makes
 * a sweep of a million quadratic. SQLite's own plans, on a seeded shop with every automation on.
 */
describe("the plans of a sweep's chunk reads", () => {
  let server: TestServer;
  let shop: Shop;

  beforeAll(async () => {
    server = await startServer();
    await seedLifecycleShop(server.store, { viewers: 1500, orders: 3000 }, shopMorning(server.clock.now()));
    shop = (await getShop(server.store.db, BENCH_SHOP)) as Shop;
  }, 60_000);
  afterAll(() => server.close());

  it("reads every fact of a chunk by its viewers' index", async () => {
    const { db } = server.store;
    const reads = new Map<string, CompiledQuery>();
    const spy = seeingSelects(db, (compiled) => {
      // the chunk's facts by its viewers, and its orders' lines by those orders
      if (/"(viewer_id|order_id)" in \(/.test(compiled.sql))
        reads.set(compiled.sql.replace(/\?(, \?)*/g, "?"), compiled);
    });
    const ctx: Context = { ...server.app.ctx, store: { ...server.store, db: spy } };
    const result = await sweep(ctx, shop, shopMorning(server.clock.now()), { holder: "plans", leaseMs: 60_000 });
    expect(result.sent).toBeGreaterThan(0);
    expect(reads.size).toBeGreaterThanOrEqual(6);
    expect([...reads.keys()].some((q) => /from "order_items" .*"order_id" in \(/.test(q))).toBe(true);

    const walks: string[] = [];
    for (const query of reads.values()) {
      for (const detail of await planOf(db, query)) {
        // each table read for the chunk is searched by viewer; order lines by their orders
        const byViewer = /viewer_id=\?/.test(detail);
        const byKey = /\(shop_id=\? AND order_id=\?/.test(detail);
        // the chunk's viewers bound as one JSON array (store/executor.ts `among`): the list, not a table
        const ofList = /^SCAN json_each /.test(detail);
        if (/^(SEARCH|SCAN) /.test(detail) && !byViewer && !byKey && !ofList)
          walks.push(`${detail}  ←  ${query.sql.slice(0, 90)}`);
      }
    }
    expect(walks).toEqual([]);
  });

  it("reads a chunk's orders, the buyers' spend and a window's order lines from the orders' indexes alone", async () => {
    const { db } = server.store;
    const reads = new Map<string, CompiledQuery>();
    const spy = seeingSelects(db, (compiled) => {
      if (/from "orders"/.test(compiled.sql)) reads.set(compiled.sql.replace(/\?(, \?)*/g, "?"), compiled);
    });
    const ctx: Context = { ...server.app.ctx, store: { ...server.store, db: spy } };
    // a full sweep (every member's orders, the spend of every buyer) and a narrowed one (the windows' order lines)
    await sweep(ctx, shop, shopMorning(server.clock.now()) + DAY_MS, { holder: "plans", leaseMs: 60_000, full: true });
    await sweep(ctx, shop, shopMorning(server.clock.now()) + 2 * DAY_MS, { holder: "plans", leaseMs: 60_000 });
    const kinds = {
      "a chunk's orders": /^select "viewer_id", "order_id", "paid_at", "paid", "coupon_code" from "orders"/,
      "the buyers' spend": /sum\(paid\) as "spent", count\(\*\) as "orders"/,
      "a window's orders": /^select "order_id", "viewer_id" from "orders"/,
    };
    const lookedUp: string[] = [];
    for (const [kind, pattern] of Object.entries(kinds)) {
      const queries = [...reads.values()].filter((q) => pattern.test(q.sql));
      expect(queries.length, kind).toBeGreaterThan(0);
      for (const query of queries) {
        for (const detail of await planOf(db, query)) {
          // the orders (as themselves or as "o") found by an index that holds every column read
          if (/^SEARCH (orders|o) /.test(detail) && !/USING COVERING INDEX/.test(detail))
            lookedUp.push(`${kind}: ${detail}`);
        }
      }
    }
    expect(lookedUp).toEqual([]);
  });
});

/**
 * A chunk's touches no rule asks for any more are closed by their ids: a score of ids made SQLite
 * choose the open touches' index instead and walk every open touch of the shop per statement.
 */
describe("the plan of closing a chunk's touches", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it("finds each touch by its key", async () => {
    const { db } = server.store;
    let update: CompiledQuery | undefined;
    const plugin: KyselyPlugin = {
      transformQuery: (args) => {
        if (args.node.kind === "UpdateQueryNode") update = db.getExecutor().compileQuery(args.node, args.queryId);
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const ids = Array.from({ length: 40 }, (_, i) => `tch_${i}`);
    await cancelTouches(db.withPlugin(plugin), server.shop.id, ids, "no_longer_due", server.clock.now());
    const plan = await planOf(db, update as CompiledQuery);
    expect(plan).toEqual([expect.stringMatching(/^SEARCH touches USING INDEX sqlite_autoindex_touches_1 \(id=\?\)$/)]);
  });
});

/**
 * verify reads whole tables by design, but each row it checks must find its partner through an
 * index: a join that reads the shop's whole ledger for every coupon takes minutes at 20,000
 * viewers and never ends at a million.
 */
describe("the plans of verify's checks", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
    await seedLifecycleShop(server.store, { viewers: 500, orders: 1000 }, shopMorning(server.clock.now()));
  }, 60_000);
  afterAll(() => server.close());

  it("finds every joined row by an index narrower than the shop", async () => {
    const { db } = server.store;
    const queries: CompiledQuery[] = [];
    const spy = seeingSelects(db, (compiled) => queries.push(compiled));
    expect(await verifyStore({ ...server.store, db: spy })).toEqual([]);
    const walks: string[] = [];
    for (const query of queries) {
      // the first table read may be walked whole; each one looked up per row of it may not
      for (const detail of (await planOf(db, query)).slice(1)) {
        if (/^SCAN \w+( AS \w+)?$/.test(detail) || /INDEX \w+ \(shop_id=\?\)( LEFT-JOIN)?$/.test(detail)) {
          walks.push(`${detail}  ←  ${query.sql.slice(0, 120)}`);
        }
      }
    }
    expect(walks).toEqual([]);
  });
});

/**
 * The narrowed sweep finds whom to read by dates (migration 0031): each of its reads must search an
 * index by that date or key, never walk a table of the shop, or the day's sweep costs what reading
 * everyone did.
 */
describe("the plans of the narrowed sweep's candidate reads", () => {
  let server: TestServer;
  let shop: Shop;

  beforeAll(async () => {
    server = await startServer();
    const now = shopMorning(server.clock.now());
    await seedLifecycleShop(server.store, { viewers: 500, orders: 1000 }, now);
    shop = (await getShop(server.store.db, BENCH_SHOP)) as Shop;
    server.clock.set(now - DAY_MS);
    await sweep(server.app.ctx, shop, now - DAY_MS, { holder: "plans", leaseMs: 60_000 });
    server.clock.set(now);
  }, 60_000);
  afterAll(() => server.close());

  it("searches every table it reads by an index on a date or key", async () => {
    const { db } = server.store;
    const reads = new Map<string, CompiledQuery>();
    let counting = false;
    const spy = seeingSelects(db, (compiled) => {
      if (counting) reads.set(compiled.sql.replace(/\?(, \?)*/g, "?"), compiled);
    });
    const now = server.clock.now();
    const spenders = await readSpenders(db, shop.id, now, async () => {});
    counting = true;
    const found = await sweepCandidates(
      spy,
      shop,
      { lastSweep: now - DAY_MS, now, tierWindowSince: now - DAY_MS, highValue: spenders.highValue, tieredFrom: 500 },
      async () => {},
    );
    expect(found.length).toBeGreaterThan(0);
    expect(reads.size).toBeGreaterThanOrEqual(10);
    const walks: string[] = [];
    for (const query of reads.values()) {
      for (const detail of await planOf(db, query)) {
        // a search by the shop alone walks the shop: only a date, a viewer, an order or a segment
        // narrows it (the catalogue is the exception: a shop has a few hundred products)
        if (/^SCAN /.test(detail) || /INDEX \w+ \(shop_id=\?\)$/.test(detail)) {
          if (/^SEARCH products /.test(detail)) continue;
          walks.push(`${detail}  ←  ${query.sql.slice(0, 120)}`);
        }
      }
    }
    expect(walks).toEqual([]);
  });
});

/**
 * A viewer's order lines (the new buyer's card at every join, the viewer view): found through the
 * viewer's own orders, never by walking the shop's lines and looking each order up.
 */
describe("the plan of a viewer's order lines", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
    await seedLifecycleShop(server.store, { viewers: 300, orders: 600 }, shopMorning(server.clock.now()));
  }, 60_000);
  afterAll(() => server.close());

  it("walks the viewer's orders, then each order's lines by its key", async () => {
    const { db } = server.store;
    const buyer = await db
      .selectFrom("orders")
      .select("viewer_id")
      .where("shop_id", "=", BENCH_SHOP)
      .executeTakeFirstOrThrow();
    const reads: CompiledQuery[] = [];
    const items = await viewerItems(
      seeingSelects(db, (compiled) => reads.push(compiled)),
      BENCH_SHOP,
      buyer.viewer_id,
      50,
    );
    expect(items.length).toBeGreaterThan(0);
    expect(reads).toHaveLength(1);
    const plan = await planOf(db, reads[0] as CompiledQuery);
    expect(plan.map((detail) => detail.replace(/ \(.*$/, ""))).toEqual([
      "SEARCH o USING COVERING INDEX orders_viewer",
      "SEARCH i USING INDEX sqlite_autoindex_order_items_1",
    ]);
  });
});
