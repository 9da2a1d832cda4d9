import { type KyselyPlugin, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Due } from "../../server/domain/lifecycle/due.js";
import { verifyStore } from "../../server/ops/verify.js";
import { COMMAND_LINE } from "../../server/services/audit.js";
import type { Context } from "../../server/services/context.js";
import { createTemplate } from "../../server/services/coupons.js";
import { sendTouches, touchRow } from "../../server/services/lifecycle/send.js";
import { sweep } from "../../server/services/lifecycle/sweep.js";
import { type ChunkPlan, emptyPlan, localWrites } from "../../server/services/lifecycle/sweep-writes.js";
import { getShop, type Shop } from "../../server/services/shops.js";
import { releaseLease, storeSentTouches } from "../../server/store/lifecycle.js";
import { saveEndpoint } from "../../server/store/webhooks.js";
import { template } from "../../support/commerce.js";
import { startServer, type TestServer } from "../../support/server.js";
import { DAY_MS, setAutomations } from "../helpers/lifecycle.js";

/** A context whose database counts every statement it runs, transactions' included. */
function counting(ctx: Context): { ctx: Context; statements: () => number } {
  let n = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      n++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { ctx: { ...ctx, store: { ...ctx.store, db: ctx.store.db.withPlugin(plugin) } }, statements: () => n };
}

async function silentViewers(server: TestServer, prefix: string, count: number, since: number): Promise<void> {
  for (let i = 0; i < count; i += 500) {
    await server.store.db
      .insertInto("viewers")
      .values(
        Array.from({ length: Math.min(500, count - i) }, (_, n) => ({
          shop_id: server.shop.id,
          viewer_id: `${prefix}${String(i + n).padStart(5, "0")}`,
          name: null,
          birthday: null,
          points: 0,
          growth: 0,
          created_at: since,
        })),
      )
      .execute();
  }
}

/** A birthday touch for each viewer asked, granting a fresh coupon template's coupon, due now. */
async function birthdaysDue(server: TestServer, shop: Shop, race: string) {
  const now = server.clock.now();
  const coupon = await createTemplate(
    server.store.db,
    shop.id,
    template({ minSpend: 0 }),
    shop.config,
    now,
    COMMAND_LINE,
  );
  const due = (viewerId: string, of = race): Due => ({
    viewerId,
    kind: "birthday",
    key: `birthday:${of}:${viewerId}`,
    templateId: coupon.id,
    params: {},
    dueAt: now,
    expiresAt: null,
  });
  return { now, coupon, due };
}

/**
 * A sweep's cost in statements grows with its chunks, not with its viewers or its sends: the
 * chunk's facts are read set-based and its sends written together, each still keyed once.
 */
describe("a sweep's sends, a chunk at a time", () => {
  let server: TestServer;
  let shop: Shop;

  beforeAll(async () => {
    server = await startServer();
    const coupon = await createTemplate(
      server.store.db,
      server.shop.id,
      template({ minSpend: 0, perViewerLimit: 5 }),
      server.shop.config,
      server.clock.now(),
      COMMAND_LINE,
    );
    await setAutomations(server, {
      winBack: { steps: [{ days: 30, templateId: coupon.id }] },
      budget: { quietHours: null, holdoutPercent: 10 },
    });
    await saveEndpoint(server.store.db, {
      shop_id: server.shop.id,
      url: "http://127.0.0.1:9/hooks",
      secret: "whsec_batches",
      updated_at: server.clock.now(),
    });
    await silentViewers(server, "s", 1200, server.clock.now() - 40 * DAY_MS);
    shop = (await getShop(server.store.db, server.shop.id)) as Shop;
  });
  afterAll(() => server.close());

  it("sends 1,200 win-backs in a few dozen statements, each touch with one coupon and one webhook", async () => {
    const { ctx, statements } = counting(server.app.ctx);
    // a chunk's plan, its sends included, written as one part (by default a part holds a few
    // viewers, plan-parts.ts, each with the same statements): the statements are a bound per chunk
    const result = await sweep(ctx, shop, server.clock.now(), {
      holder: "test",
      leaseMs: 60_000,
      chunk: 500,
      sendBatch: 500,
      partRows: 100_000,
    });
    const { db } = server.store;
    const sent = await db.selectFrom("touches").selectAll().where("status", "=", "sent").execute();
    const heldOut = await db.selectFrom("touches").selectAll().where("status", "=", "holdout").execute();
    expect(result.viewers).toBe(1200);
    expect(sent.length + heldOut.length).toBe(1200);
    expect(result.sent).toBe(sent.length);
    expect(heldOut.length).toBeGreaterThan(60);
    // three chunks: per chunk a handful of reads (the campaigns' reserved templates among them),
    // one write of decisions, one of sends (its coupons' counts per source among them, at most
    // eight shards): a bound per chunk, not per viewer
    expect(statements()).toBeLessThan(160);

    const coupons = await db
      .selectFrom("coupons")
      .select(["code", "viewer_id"])
      .where("source", "=", "automation")
      .execute();
    expect(new Set(coupons.map((c) => c.code))).toEqual(new Set(sent.map((t) => t.coupon_code)));
    expect(new Set(coupons.map((c) => c.viewer_id)).size).toBe(sent.length);
    const outbox = await db
      .selectFrom("outbox")
      .select(["event", sql<number>`count(*)`.as("n")])
      .groupBy("event")
      .orderBy("event")
      .execute();
    expect(outbox.map((o) => [o.event, Number(o.n)])).toEqual([
      ["coupon.granted", sent.length],
      ["viewer.touch", sent.length],
    ]);

    // run again: everything was decided, nothing more goes
    const again = await sweep(server.app.ctx, shop, server.clock.now(), { holder: "test", leaseMs: 60_000 });
    expect(again.sent).toBe(0);
    const couponsAfter = await db.selectFrom("coupons").select("code").where("source", "=", "automation").execute();
    expect(couponsAfter).toHaveLength(sent.length);
    expect(await verifyStore(server.store)).toEqual([]);
  });

  it("still sends the rest of a batch when another run sent one of its touches first, and that one once", async () => {
    const { db } = server.store;
    const { now, coupon, due } = await birthdaysDue(server, shop, "race");
    const touches = ["s00001", "s00002", "s00003"].map((id) => ({ due: due(id), viewerGrowth: 0 }));
    // another node's sweep got r2 out a moment ago
    const first = touchRow(shop.id, due("s00002"), "sent", null, now);
    await storeSentTouches(db, [{ ...first, words: "{}", coupon_code: null, sent_at: now }]);

    const views = await sendTouches(server.app.ctx, shop, touches, now);
    expect(views).toHaveLength(2);
    const rows = await db
      .selectFrom("touches")
      .select(["viewer_id", "id", "coupon_code"])
      .where("key", "like", "birthday:race:%")
      .orderBy("viewer_id")
      .execute();
    expect(rows.map((r) => r.viewer_id)).toEqual(["s00001", "s00002", "s00003"]);
    expect(rows.find((r) => r.viewer_id === "s00002")).toMatchObject({ id: first.id, coupon_code: null });
    const raced = await db.selectFrom("coupons").select("viewer_id").where("template_id", "=", coupon.id).execute();
    expect(raced.map((c) => c.viewer_id).sort()).toEqual(["s00001", "s00003"]);

    // and a second call sends none of them again
    expect(await sendTouches(server.app.ctx, shop, touches, now)).toEqual([]);
    expect(
      await db.selectFrom("coupons").select("viewer_id").where("template_id", "=", coupon.id).execute(),
    ).toHaveLength(2);
  });

  it("writes a chunk's plan in one transaction, and whole when another run sent one of its sends first", async () => {
    const { db } = server.store;
    const { now, due } = await birthdaysDue(server, shop, "whole");
    const plan = (race: string): ChunkPlan => ({
      ...emptyPlan(now),
      record: [touchRow(shop.id, due("s00004", race), "holdout", null, now)],
      send: ["s00005", "s00006", "s00007"].map((id) => ({ due: due(id, race), viewerGrowth: 0 })),
    });
    const writes = localWrites(server.app.ctx, { sliceMs: 0, sendBatch: 10 });
    const lease = { holder: "chunk-test", now, until: now + 60_000 };
    const transactions = countTransactions(server);

    const whole = await writes.writeChunk(shop, plan("whole"), now, lease);
    expect(whole).toMatchObject({ sent: 3, heldOut: 1, postponed: 0, leased: true });
    // the check, the records, the sends and the lease's renewal: one commit
    expect(transactions()).toBe(1);

    // another node's sweep got s00006's out a moment ago: the rest of the chunk is still written, that one once
    const first = touchRow(shop.id, due("s00006", "raced"), "sent", null, now);
    await storeSentTouches(db, [{ ...first, words: "{}", coupon_code: null, sent_at: now }]);
    const raced = await writes.writeChunk(shop, plan("raced"), now, lease);
    expect(raced).toMatchObject({ sent: 2, heldOut: 1, postponed: 0, leased: true });
    const rows = await db
      .selectFrom("touches")
      .select(["viewer_id", "status", "coupon_code"])
      .where("key", "like", "birthday:raced:%")
      .orderBy("viewer_id")
      .execute();
    expect(rows.map((r) => [r.viewer_id, r.status])).toEqual([
      ["s00004", "holdout"],
      ["s00005", "sent"],
      ["s00006", "sent"],
      ["s00007", "sent"],
    ]);
    expect(rows.find((r) => r.viewer_id === "s00006")?.coupon_code).toBeNull();
    expect(await verifyStore(server.store)).toEqual([]);
    await releaseLease(db, shop.id, "chunk-test");
  });

  it("writes a bigger plan a few viewers to a transaction, renewing the lease with the last", async () => {
    const { db } = server.store;
    const { now, coupon, due } = await birthdaysDue(server, shop, "parts");
    const plan: ChunkPlan = {
      ...emptyPlan(now),
      record: [touchRow(shop.id, due("s00008"), "holdout", null, now)],
      send: ["s00009", "s00010", "s00011", "s00012"].map((id) => ({ due: due(id), viewerGrowth: 0 })),
    };
    // nine rows a part: the held-out record (one) and two sends (four each), then the other two sends
    const writes = localWrites(server.app.ctx, { sliceMs: 0, sendBatch: 10, partRows: 9 });
    const transactions = countTransactions(server);
    const written = await writes.writeChunk(shop, plan, now, { holder: "parts-test", now, until: now + 60_000 });
    expect(written).toMatchObject({ sent: 4, heldOut: 1, postponed: 0, leased: true });
    expect(transactions()).toBe(2);
    const lease = await db.selectFrom("sweep_leases").selectAll().where("shop_id", "=", shop.id).executeTakeFirst();
    expect(lease).toMatchObject({ holder: "parts-test" });
    const coupons = await db.selectFrom("coupons").select("viewer_id").where("template_id", "=", coupon.id).execute();
    expect(coupons.map((c) => c.viewer_id).sort()).toEqual(["s00009", "s00010", "s00011", "s00012"]);
    expect(await verifyStore(server.store)).toEqual([]);
    await releaseLease(db, shop.id, "parts-test");
  });

  it("writes larger parts on SQLite while the writes are behind the sweep's plans", async () => {
    const { now, due } = await birthdaysDue(server, shop, "behind");
    const ids = (from: number) => Array.from({ length: 10 }, (_, i) => `s${String(from + i).padStart(5, "0")}`);
    const plan = (viewers: string[]): ChunkPlan => ({
      ...emptyPlan(now),
      send: viewers.map((id) => ({ due: due(id), viewerGrowth: 0 })),
    });
    // ten sends are forty rows: two parts of at most 24 (six sends, then four), or one of at most 48
    const writes = localWrites(server.app.ctx, { sliceMs: 0, sendBatch: 10 });
    const transactions = countTransactions(server);
    expect(await writes.writeChunk(shop, plan(ids(20)), now)).toMatchObject({ sent: 10 });
    const keepingUp = transactions();
    expect(await writes.writeChunk(shop, plan(ids(30)), now, undefined, true)).toMatchObject({ sent: 10 });
    const behind = transactions() - keepingUp;
    // Postgres writes a chunk in one transaction whatever: no beat waits for its locks
    expect([keepingUp, behind]).toEqual(server.store.dialect === "sqlite" ? [2, 1] : [1, 1]);
    expect(await verifyStore(server.store)).toEqual([]);
  });

  it("tells the writes they are behind when the next chunk was planned before the last was written", async () => {
    const now = server.clock.now() + 2;
    const local = localWrites(server.app.ctx, { sliceMs: 0, sendBatch: 10 });
    const told: (boolean | undefined)[] = [];
    const writes = {
      ...local,
      writeChunk: async (...args: Parameters<typeof local.writeChunk>) => {
        told.push(args[4]);
        const written = await local.writeChunk(...args);
        // a writer slower than the sweep's planning: the next chunk is planned while this one is "written"
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return written;
      },
    };
    await sweep(
      server.app.ctx,
      shop,
      now,
      { holder: "slow-writer", leaseMs: 60_000, chunk: 100, full: true, stopping: () => told.length >= 3 },
      writes,
    );
    expect(told).toEqual([false, true, true]);
  });

  it("stops before writing the next chunk once another node took the lease", async () => {
    const { db } = server.store;
    // a moment of its own, so the mark of an earlier sweep is not taken for this one's
    const now = server.clock.now() + 1;
    const local = localWrites(server.app.ctx, { sliceMs: 0, sendBatch: 10 });
    let chunksWritten = 0;
    const writes = {
      ...local,
      writeChunk: async (...args: Parameters<typeof local.writeChunk>) => {
        chunksWritten++;
        // before the second chunk commits, another node takes the shop over (this one's lease ran out)
        if (chunksWritten === 2) {
          await db.updateTable("sweep_leases").set({ holder: "other-node" }).where("shop_id", "=", shop.id).execute();
        }
        return local.writeChunk(...args);
      },
    };
    const result = await sweep(
      server.app.ctx,
      shop,
      now,
      { holder: "this-node", leaseMs: 60_000, chunk: 100, full: true },
      writes,
    );
    // the third chunk was read while the second was written, and left to the other node
    expect(chunksWritten).toBe(2);
    expect(result.viewers).toBe(200);
    const swept = await db
      .selectFrom("lifecycle_marks")
      .select("at")
      .where("shop_id", "=", shop.id)
      .where("mark", "=", "swept")
      .executeTakeFirst();
    // not complete: the next sweep does the rest
    expect(swept?.at).not.toBe(now);
    const lease = await db
      .selectFrom("sweep_leases")
      .select("holder")
      .where("shop_id", "=", shop.id)
      .executeTakeFirst();
    expect(lease?.holder).toBe("other-node");
    await db.deleteFrom("sweep_leases").where("shop_id", "=", shop.id).execute();
  });
});

/** Counts the transactions begun on the server's store from now on. */
function countTransactions(server: TestServer): () => number {
  const db = server.store.db;
  const begin = db.transaction.bind(db);
  let n = 0;
  db.transaction = () => {
    n++;
    return begin();
  };
  return () => n;
}
