import { CompiledQuery, type KyselyPlugin } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Context } from "../../server/services/context.js";
import { sweep } from "../../server/services/lifecycle/sweep.js";
import { getShop, type Shop } from "../../server/services/shops.js";
import { BENCH_SHOP, seedLifecycleShop, shopMorning } from "../../support/lifecycle-shop.js";
import { startServer, type TestServer } from "../../support/server.js";
import { testPostgresUrl } from "../../support/store.js";

/**
 * Each fact a sweep reads for a chunk of viewers is found through an index on the viewer: a plan
 * that walks the whole shop instead (by time, say) costs nothing at a thousand viewers and makes
 * a sweep of a million quadratic. SQLite's own plans, on a seeded shop with every automation on.
 */
describe.skipIf(Boolean(testPostgresUrl))("the plans of a sweep's chunk reads", () => {
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
    const plugin: KyselyPlugin = {
      transformQuery: (args) => {
        const compiled = db.getExecutor().compileQuery(args.node, args.queryId);
        if (args.node.kind === "SelectQueryNode" && compiled.sql.includes('"viewer_id" in (')) {
          reads.set(compiled.sql.replace(/\?(, \?)*/g, "?"), compiled);
        }
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const ctx: Context = { ...server.app.ctx, store: { ...server.store, db: db.withPlugin(plugin) } };
    const result = await sweep(ctx, shop, shopMorning(server.clock.now()), { holder: "plans", leaseMs: 60_000 });
    expect(result.sent).toBeGreaterThan(0);
    expect(reads.size).toBeGreaterThanOrEqual(6);

    const walks: string[] = [];
    for (const query of reads.values()) {
      const plan = await db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      );
      for (const { detail } of plan.rows) {
        // each table read for the chunk is searched by viewer; tables joined on an order or a
        // sku (order lines, products) are searched by those keys
        const byViewer = /viewer_id=\?/.test(detail);
        const byKey = /\((shop_id=\? AND (order_id|sku)=\?)/.test(detail);
        if (/^(SEARCH|SCAN) /.test(detail) && !byViewer && !byKey)
          walks.push(`${detail}  ←  ${query.sql.slice(0, 90)}`);
      }
    }
    expect(walks).toEqual([]);
  });
});
