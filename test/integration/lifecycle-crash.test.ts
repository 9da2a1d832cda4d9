import { spawnSync } from "node:child_process";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../protocol/index.js";
import { COMMAND_LINE } from "../../server/services/audit.js";
import { createTemplate } from "../../server/services/coupons.js";
import { createShop, type Shop, saveConfig } from "../../server/services/shops.js";
import { saveEndpoint } from "../../server/store/webhooks.js";
import { template } from "../../support/commerce.js";
import { type ServerProcess, startServerProcess } from "../../support/process.js";
import { createTestStore, type TestStore } from "../../support/store.js";
import { DAY_MS } from "../helpers/lifecycle.js";

/**
 * SIGKILL in the middle of a sweep, then a restart on the same database: every viewer due for
 * the win-back touch gets it exactly once, with one coupon and one webhook, and verify is clean.
 */
describe("a sweep killed midway", () => {
  const VIEWERS = 1500;
  let store: TestStore;
  let shop: Shop;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    store = await createTestStore();
    const { db } = store.store;
    const now = Date.now();
    shop = await createShop(db, { name: "Sweep Shop" }, now);
    const coupon = await createTemplate(db, shop.id, template({ minSpend: 0 }), shop.config, now, COMMAND_LINE);
    const automations = structuredClone(DEFAULT_CONFIG.automations);
    automations.winBack.steps = [{ days: 30, templateId: coupon.id }];
    // any hour of the real clock, every viewer touched at once
    automations.budget = { ...automations.budget, quietHours: null, holdoutPercent: 0 };
    await saveConfig(db, shop.id, { ...DEFAULT_CONFIG, automations });
    // a receiver that never answers keeps every webhook in the outbox, to be counted
    await saveEndpoint(db, {
      shop_id: shop.id,
      url: "http://127.0.0.1:9/hooks",
      secret: "whsec_sweep",
      updated_at: now,
    });
    const silentSince = now - 40 * DAY_MS;
    for (let i = 0; i < VIEWERS; i += 500) {
      await db
        .insertInto("viewers")
        .values(
          Array.from({ length: Math.min(500, VIEWERS - i) }, (_, n) => ({
            shop_id: shop.id,
            viewer_id: `v${String(i + n).padStart(5, "0")}`,
            name: null,
            birthday: null,
            points: 0,
            growth: 0,
            created_at: silentSince,
          })),
        )
        .execute();
    }
  });
  afterAll(async () => {
    await server?.stop();
    await store.store.close();
    await store.dispose();
  });

  const start = () => startServerProcess(["--db", store.url, "--sweep-every", "60", "--sweep-lease", "1"]);
  const sent = async () =>
    Number(
      (
        await store.store.db
          .selectFrom("touches")
          .select(sql<number>`count(*)`.as("n"))
          .where("shop_id", "=", shop.id)
          .where("status", "=", "sent")
          .executeTakeFirstOrThrow()
      ).n,
    );
  const until = async (done: () => Promise<boolean>) => {
    for (let i = 0; i < 6000 && !(await done()); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await done()).toBe(true);
  };

  it("sends each touch exactly once across a kill and a restart", async () => {
    const first = await start();
    server = first;
    await until(async () => (await sent()) > 0);
    await first.kill();
    const atKill = await sent();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(VIEWERS);

    // the dead node's lease lapses (it renews each chunk; nobody renews it now), then a new node sweeps
    await until(async () => {
      const lease = await store.store.db.selectFrom("sweep_leases").select("until").executeTakeFirst();
      return lease === undefined || lease.until <= Date.now();
    });
    server = await start();
    await until(async () => (await sent()) === VIEWERS);
    await server.stop();
    server = undefined;

    const { db } = store.store;
    const touches = await db.selectFrom("touches").select(["viewer_id", "key", "coupon_code", "status"]).execute();
    expect(touches).toHaveLength(VIEWERS);
    expect(new Set(touches.map((t) => t.viewer_id)).size).toBe(VIEWERS);
    expect(touches.every((t) => t.status === "sent" && t.coupon_code !== null)).toBe(true);
    const coupons = await db
      .selectFrom("coupons")
      .select(["code", "viewer_id"])
      .where("source", "=", "automation")
      .execute();
    expect(coupons).toHaveLength(VIEWERS);
    expect(new Set(coupons.map((c) => c.code))).toEqual(new Set(touches.map((t) => t.coupon_code)));
    const outbox = await db
      .selectFrom("outbox")
      .select(["event", sql<number>`count(*)`.as("n")])
      .groupBy("event")
      .orderBy("event")
      .execute();
    expect(outbox.map((o) => [o.event, Number(o.n)])).toEqual([
      ["coupon.granted", VIEWERS],
      ["viewer.touch", VIEWERS],
    ]);
    const check = spawnSync(process.execPath, ["bin/encore-server.js", "verify", "--db", store.url], {
      encoding: "utf8",
    });
    expect(check.status, check.stdout).toBe(0);
  }, 180_000);
});
