import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PanelEvent } from "../../protocol/index.js";
import { createShop } from "../../server/services/shops.js";
import { createTemplateOverApi, shopApi } from "../../support/commerce.js";
import { call, startServer, type TestServer } from "../../support/server.js";
import { balanceOf, stateFingerprint, watchFor } from "../../support/watch.js";
import { order } from "../helpers/lifecycle.js";
import { inviteCodeOf, setReferrals } from "../helpers/referrals.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const attach = (viewerId: string, code: string) => shopApi(server, "/v1/referrals", { body: { viewerId, code } });
const join = async (viewerId: string, ref?: string) =>
  server.connect({ token: await server.token(viewerId), ...(ref ? { ref } : {}) });
const ledgerOf = (viewerId: string) =>
  server.store.db
    .selectFrom("ledger")
    .select(["reason", "delta", "idempotency_key"])
    .where("viewer_id", "=", viewerId)
    .where("reason", "=", "referral")
    .execute();

describe("referrals", () => {
  it("are off for an existing shop: no invite card, no attach", async () => {
    const socket = await join("off-viewer");
    expect(await call(socket, PanelEvent.referral, {})).toMatchObject({ ok: false, error: { code: "referrals_off" } });
    socket.disconnect();
    await join("off-new");
    expect((await attach("off-new", "AAAAAAAAAAAA")).body).toMatchObject({ error: { code: "referrals_off" } });
  });

  it("an invitee who watches the qualifying minutes rewards both, once, through the ledger", async () => {
    await setReferrals(server, {
      enabled: true,
      action: "watch",
      watchMinutes: 10,
      inviterPoints: 200,
      inviteePoints: 100,
    });
    const code = await inviteCodeOf(server, "ann");
    // the same code every time the card opens
    expect(await inviteCodeOf(server, "ann")).toBe(code);
    const before = await balanceOf(server, "ann");
    const socket = await join("ben", code);
    await watchFor(server, socket, 9 * 60);
    expect(await ledgerOf("ben")).toEqual([]);
    await watchFor(server, socket, 120, 30, { playing: true, visible: true }, false);
    expect((await balanceOf(server, "ann")).points).toBe(before.points + 200);
    expect(await ledgerOf("ann")).toEqual([
      { reason: "referral", delta: 200, idempotency_key: "referral:ben:inviter" },
    ]);
    expect(await ledgerOf("ben")).toEqual([
      { reason: "referral", delta: 100, idempotency_key: "referral:ben:invitee" },
    ]);
    // more watching, a reload of the invite link, a first order: nothing more
    await watchFor(server, socket, 600, 30, { playing: true, visible: true }, false);
    socket.disconnect();
    (await join("ben", code)).disconnect();
    expect((await attach("ben", code)).body).toMatchObject({ inviterId: "ann", inviteeId: "ben", state: "completed" });
    await order(server, "ben", "ben-1", [{ sku: "tea", qty: 1, price: 5000 }]);
    expect(await ledgerOf("ann")).toHaveLength(1);
    expect(await ledgerOf("ben")).toHaveLength(1);
    const ann = await join("ann");
    expect(await call(ann, PanelEvent.referral, {})).toMatchObject({ ok: true, data: { joined: 1, completed: 1 } });
    ann.disconnect();
  });

  it("refuses each bad invite with its code and changes nothing", async () => {
    await setReferrals(server, { enabled: true, monthlyCap: 1 });
    const code = await inviteCodeOf(server, "cat");
    await join("old");
    await shopApi(server, "/v1/viewers/old/points", { body: { delta: 5, idempotencyKey: "old-1" } });
    await join("dan");
    await join("eve");
    await join("fay");
    const other = await createShop(server.store.db, { name: "Other shop" }, server.clock.now());
    await server.store.db
      .insertInto("referral_codes")
      .values({ code: "OTHERSHOPCODE1", shop_id: other.id, viewer_id: "zed", created_at: 1 })
      .execute();
    expect((await attach("dan", code)).status).toBe(200);
    const fingerprint = await stateFingerprint(server);
    const refusals: [string, string, string][] = [
      ["cat", code, "referral_self"],
      ["old", code, "referral_not_new"],
      ["eve", "NOSUCHCODE00", "referral_unknown"],
      ["eve", "bad code!", "referral_unknown"],
      ["eve", "OTHERSHOPCODE1", "referral_other_shop"],
      ["eve", code, "referral_cap"],
    ];
    for (const [viewerId, c, expected] of refusals) {
      const res = await attach(viewerId, c);
      expect([viewerId, res.body]).toEqual([viewerId, { error: expect.objectContaining({ code: expected }) }]);
    }
    // a refused code at join lets the viewer in and attaches nothing
    (await join("fay", code)).disconnect();
    expect(await stateFingerprint(server)).toBe(fingerprint);
    // dan is cat's already: another inviter's code cannot take him
    const other2 = await inviteCodeOf(server, "gil");
    expect((await attach("dan", other2)).body).toMatchObject({ error: { code: "referral_not_new" } });
    const bad = await shopApi(server, "/v1/referrals", { body: { viewerId: "eve" } });
    expect(bad.body).toMatchObject({ error: { code: "bad_request" } });
  });

  it("with the first order as the action and coupons as the reward, both get a coupon once", async () => {
    const inviterTpl = await createTemplateOverApi(server, { value: 1000 });
    const inviteeTpl = await createTemplateOverApi(server, { value: 500 });
    await setReferrals(server, {
      enabled: true,
      action: "first_order",
      reward: "coupon",
      inviterTemplateId: inviterTpl,
      inviteeTemplateId: inviteeTpl,
      monthlyCap: 20,
    });
    const code = await inviteCodeOf(server, "hal");
    (await join("ida", code)).disconnect();
    const socket = await join("ida");
    await watchFor(server, socket, 900);
    socket.disconnect();
    const couponsOf = async (viewerId: string) =>
      server.store.db
        .selectFrom("coupons")
        .select(["template_id", "source"])
        .where("viewer_id", "=", viewerId)
        .where("source", "=", "referral")
        .execute();
    expect(await couponsOf("hal")).toEqual([]);
    await order(server, "ida", "ida-1", [{ sku: "tea", qty: 1, price: 5000 }]);
    await order(server, "ida", "ida-2", [{ sku: "tea", qty: 1, price: 5000 }]);
    expect(await couponsOf("hal")).toEqual([{ template_id: inviterTpl, source: "referral" }]);
    expect(await couponsOf("ida")).toEqual([{ template_id: inviteeTpl, source: "referral" }]);
    const insight = await shopApi(server, `/v1/insight?room=${server.roomId}`);
    expect(insight.body.shop).toMatchObject({ referrals: { joins: 3, qualified: 2, firstOrders: 2 } });
  });

  it("a coupon reward needs both templates, each one of the shop's", async () => {
    const config = (await shopApi(server, "/v1/config")).body;
    const put = (referrals: object) =>
      shopApi(server, "/v1/config", {
        method: "PUT",
        body: { ...config, referrals: { ...(config.referrals as object), ...referrals } },
      });
    expect((await put({ reward: "coupon", inviterTemplateId: null })).body).toMatchObject({
      error: { code: "bad_request" },
    });
    expect((await put({ reward: "coupon", inviterTemplateId: "tpl_nope" })).body).toMatchObject({
      error: { code: "template_not_found" },
    });
  });
});
