import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TouchView } from "../../protocol/index.js";
import { SIGNATURE_HEADER, verifySignature } from "../../server/domain/webhooks.js";
import { verifyStore } from "../../server/ops/verify.js";
import { createTemplateOverApi, type Received, shopApi, startReceiver } from "../../support/commerce.js";
import { startServer, type TestServer } from "../../support/server.js";
import { inboxOf, order, report, setAutomations, sweepAfter, touchRows } from "../helpers/lifecycle.js";
import { addProduct } from "../helpers/products.js";

/**
 * "Done when": a viewer buys a 30-day serum, 25 days later gets the replenishment coupon (a signed
 * webhook and an inbox item), buys again with it, and the dashboard counts the repurchase with the
 * holdout beside it. Several buyers, half held out, so both sides of the lift have viewers.
 */
let server: TestServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let secret: string;
let templateId: string;
const buyers = Array.from({ length: 16 }, (_, i) => `buyer-${String(i).padStart(2, "0")}`);
const serum = { sku: "serum-30", qty: 1, price: 21_900 };

beforeAll(async () => {
  server = await startServer();
  receiver = await startReceiver();
  secret = (await shopApi(server, "/v1/webhooks", { method: "PUT", body: { url: receiver.url } })).body
    .secret as string;
  await addProduct(server, { usageDays: 30 });
  templateId = await createTemplateOverApi(server, {
    name: { "zh-CN": "精华回购券", en: "Serum refill" },
    minSpend: 0,
    validDays: 14,
  });
  await setAutomations(server, {
    replenish: { templateId },
    budget: { holdoutPercent: 50 },
  });
  for (const [i, viewerId] of buyers.entries()) await order(server, viewerId, `first-${i}`, [serum]);
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

const bodyOf = (r: Received) =>
  JSON.parse(r.body) as { event: string; data: { viewerId: string; automation: string; touch: TouchView } };

describe("replenishment between lives", () => {
  it("sends nothing about the serum before day 25", async () => {
    await sweepAfter(server, 1);
    await sweepAfter(server, 23);
    const rows = await touchRows(server);
    expect(rows.filter((r) => r.kind === "replenish")).toEqual([]);
  });

  it("on day 25 touches each buyer outside the holdout once, with the coupon, in the inbox and a signed webhook", async () => {
    await sweepAfter(server, 1);
    const replenish = (await touchRows(server)).filter((r) => r.kind === "replenish");
    const sent = replenish.filter((r) => r.status === "sent");
    const heldOut = replenish.filter((r) => r.status === "holdout");
    expect(sent.length).toBeGreaterThan(0);
    expect(heldOut.length).toBeGreaterThan(0);
    expect(sent.length + heldOut.length).toBe(buyers.length);
    expect(heldOut.every((r) => r.coupon_code === null)).toBe(true);

    // a second sweep the same day (or on another node) sends nothing again
    await sweepAfter(server, 0);
    expect((await touchRows(server)).filter((r) => r.kind === "replenish" && r.status === "sent")).toHaveLength(
      sent.length,
    );

    const touched = sent[0]?.viewer_id as string;
    const inbox = await inboxOf(server, touched);
    const item = inbox.find((t) => t.kind === "replenish");
    expect(item).toMatchObject({
      seen: false,
      coupon: { templateId, source: "automation", state: "issued" },
      words: {
        "zh-CN": expect.stringContaining("补水精华 30 ml"),
        en: expect.stringContaining("Hydrating serum 30 ml"),
      },
    });
    expect(item?.words.en).toContain("Serum refill");
    expect((await inboxOf(server, heldOut[0]?.viewer_id as string)).map((t) => t.kind)).not.toContain("replenish");

    // a pass delivers one batch; the day's segment readings went into the outbox too
    while ((await server.app.webhooks.deliverDue()) > 0);
    const touches = receiver.received.filter((r) => bodyOf(r).event === "viewer.touch");
    const serumTouches = touches.filter((r) => bodyOf(r).data.touch.kind === "replenish");
    expect(serumTouches).toHaveLength(sent.length);
    const mine = serumTouches.find((r) => bodyOf(r).data.viewerId === touched) as Received;
    expect(verifySignature(secret, String(mine.headers[SIGNATURE_HEADER]), mine.body, server.clock.now())).toBe(true);
    expect(bodyOf(mine).data).toMatchObject({
      automation: "replenish",
      touch: { id: item?.id, coupon: { code: item?.coupon?.code } },
    });
  });

  it("counts the repurchase made with the coupon, touched against the holdout", async () => {
    const rows = (await touchRows(server)).filter((r) => r.kind === "replenish");
    const touched = rows.find((r) => r.status === "sent");
    const held = rows.find((r) => r.status === "holdout");
    await sweepAfter(server, 2);
    await order(server, touched?.viewer_id as string, "again-1", [serum], touched?.coupon_code as string);
    await order(server, held?.viewer_id as string, "again-2", [serum]);

    const replenish = await report(server, "replenish");
    const sentCount = rows.filter((r) => r.status === "sent").length;
    const heldCount = rows.filter((r) => r.status === "holdout").length;
    expect(replenish).toMatchObject({
      enabled: true,
      touched: sentCount,
      heldOut: heldCount,
      heldBack: 0,
      eligible: sentCount + heldCount,
      couponsRedeemed: 1,
      orders: 1,
      revenue: 21_900 - 2000,
    });
    expect(replenish.lift.touched).toMatchObject({ viewers: sentCount, repurchased: 1 });
    expect(replenish.lift.holdout).toMatchObject({ viewers: heldCount, repurchased: 1 });
    expect(replenish.lift.diff).toBeCloseTo(1 / sentCount - 1 / heldCount);
    expect(await verifyStore(server.store)).toEqual([]);
  });

  it("reminds of the new bottle, not the old one, after buying again", async () => {
    const before = (await touchRows(server)).filter((r) => r.kind === "replenish").length;
    await sweepAfter(server, 25);
    const after = (await touchRows(server)).filter((r) => r.kind === "replenish");
    expect(after.length).toBeGreaterThan(before);
    expect(
      after
        .filter((r) => r.key.startsWith("replenish:again-"))
        .map((r) => r.viewer_id)
        .sort(),
    ).toHaveLength(2);
  });

  it("verify finds an automation coupon whose touch is not there", async () => {
    const { db } = server.store;
    const touch = (await touchRows(server)).find((r) => r.coupon_code !== null);
    await db
      .updateTable("touches")
      .set({ coupon_code: null })
      .where("coupon_code", "=", touch?.coupon_code as string)
      .execute();
    expect((await verifyStore(server.store)).map((v) => v.check)).toEqual([
      "every automation coupon went out with its touch",
    ]);
    await db
      .updateTable("touches")
      .set({ coupon_code: touch?.coupon_code as string })
      .where("viewer_id", "=", touch?.viewer_id as string)
      .where("key", "=", touch?.key as string)
      .execute();
    expect(await verifyStore(server.store)).toEqual([]);
  });
});
