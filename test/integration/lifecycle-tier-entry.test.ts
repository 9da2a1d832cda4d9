import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyStore } from "../../server/ops/verify.js";
import { createTemplateOverApi, shopApi } from "../../support/commerce.js";
import { startServer, type TestServer } from "../../support/server.js";
import { inboxOf, order, setAutomations, sweepAfter, touchRows } from "../helpers/lifecycle.js";

describe("tier entry rewards", () => {
  let server: TestServer;
  let rewardId: string;
  beforeAll(async () => {
    server = await startServer();
    rewardId = await createTemplateOverApi(server, { name: { "zh-CN": "升级礼", en: "Tier-up gift" } });
    await setAutomations(server, {
      budget: { holdoutPercent: 0 },
      tierEntry: { enabled: true, templates: { silver: rewardId } },
    });
  });
  afterAll(() => server.close());

  const tierEntries = async (viewerId: string) =>
    (await touchRows(server)).filter((r) => r.viewer_id === viewerId && r.kind === "tier_entry");

  it("greets a viewer who reached a tier with its coupon, once, and leaves alone one who reached it long ago", async () => {
    // ¥600 at one growth a yuan: past Silver's 500
    await order(server, "veteran", "veteran-1", [{ sku: "tea", qty: 1, price: 60_000 }]);
    // a reach older than the greeting's week is not greeted late
    await sweepAfter(server, 10);
    expect((await tierEntries("veteran")).filter((r) => r.status === "sent")).toEqual([]);

    await order(server, "climber", "climber-1", [{ sku: "tea", qty: 1, price: 30_000 }]);
    await sweepAfter(server, 0);
    expect(await tierEntries("climber")).toEqual([]);
    await order(server, "climber", "climber-2", [{ sku: "tea", qty: 1, price: 30_000 }]);
    await sweepAfter(server, 0);
    const sent = (await tierEntries("climber")).filter((r) => r.status === "sent");
    expect(sent.map((r) => r.key)).toEqual(["tier_entry:silver"]);
    expect(sent[0]?.coupon_code).toEqual(expect.any(String));
    const coupon = await server.store.db
      .selectFrom("coupons")
      .select(["template_id", "source", "viewer_id"])
      .where("code", "=", sent[0]?.coupon_code ?? "")
      .executeTakeFirst();
    expect(coupon).toEqual({ template_id: rewardId, source: "automation", viewer_id: "climber" });
    const inbox = await inboxOf(server, "climber");
    expect(inbox.find((t) => t.kind === "tier_entry")?.words.en).toContain("Welcome to Silver!");

    // losing the tier (a refund) and reaching it again is not a second greeting
    expect((await shopApi(server, "/v1/orders/climber-2/refund", { body: {} })).status).toBe(200);
    await order(server, "climber", "climber-3", [{ sku: "tea", qty: 1, price: 30_000 }]);
    await sweepAfter(server, 1);
    expect((await tierEntries("climber")).filter((r) => r.status === "sent")).toHaveLength(1);
    expect(await verifyStore(server.store)).toEqual([]);
  });
});
