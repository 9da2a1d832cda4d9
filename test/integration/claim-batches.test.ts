import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { OfferView } from "../../protocol/index.js";
import { COMMAND_LINE } from "../../server/services/audit.js";
import { createTemplate, type Grant, issueCoupon, issueCoupons } from "../../server/services/coupons.js";
import { OfferDesk } from "../../server/services/offers/index.js";
import { findTemplate } from "../../server/store/coupons.js";
import type { CouponTemplateRow } from "../../server/store/schema.js";
import { ensureViewer } from "../../server/store/viewers.js";
import { template as templateInput } from "../../support/commerce.js";
import { joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { startServer, type TestServer } from "../../support/server.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
  for (const viewerId of ["a", "b", "c", "d", "e", "amy", "bo", "cy", "low", "high"]) {
    await ensureViewer(server.store.db, server.shop.id, viewerId, {}, server.clock.now());
  }
});
afterEach(async () => {
  await server.close();
});

async function templateRow(overrides: Parameters<typeof templateInput>[0] = {}): Promise<CouponTemplateRow> {
  const { db } = server.store;
  const made = await createTemplate(
    db,
    server.shop.id,
    templateInput(overrides),
    server.shop.config,
    server.clock.now(),
    COMMAND_LINE,
  );
  const row = await findTemplate(db, server.shop.id, made.id);
  if (!row) throw new Error("template not stored");
  return row;
}

const grant = (template: CouponTemplateRow, viewerId: string, key = `test:${viewerId}`): Grant => ({
  shopId: server.shop.id,
  viewerId,
  viewerGrowth: 0,
  template,
  source: "deal",
  sourceRef: "batch-test",
  grantKey: key,
  now: server.clock.now(),
});

const issueAll = (grants: Grant[]) =>
  server.store.db.transaction().execute((trx) => issueCoupons(trx, server.shop.config, grants));

const outcomes = (issued: Awaited<ReturnType<typeof issueAll>>) =>
  issued.map((i) => ("refusal" in i ? i.refusal : i.replayed ? "replayed" : "issued"));

describe("issuing coupons in batches", () => {
  it("gives the template's last stock to the first grants in order and tells the rest it ran out", async () => {
    const template = await templateRow({ stock: 3 });
    const issued = await issueAll(["a", "b", "c", "d", "e"].map((v) => grant(template, v)));
    expect(outcomes(issued)).toEqual(["issued", "issued", "issued", "sold_out", "sold_out"]);
    const row = await findTemplate(server.store.db, server.shop.id, template.id);
    expect(Number(row?.issued)).toBe(3);
    const coupons = await server.store.db.selectFrom("coupons").select("viewer_id").execute();
    expect(coupons.map((c) => c.viewer_id).sort()).toEqual(["a", "b", "c"]);
  });

  it("holds the per-viewer limit within a batch and across what a viewer already holds", async () => {
    const template = await templateRow({ perViewerLimit: 2 });
    await server.store.db
      .transaction()
      .execute((trx) => issueCoupon(trx, server.shop.config, grant(template, "amy", "earlier")));
    const issued = await issueAll([
      grant(template, "amy", "k1"),
      grant(template, "amy", "k2"),
      grant(template, "bo", "k3"),
      grant(template, "bo", "k4"),
      grant(template, "bo", "k5"),
    ]);
    expect(outcomes(issued)).toEqual(["issued", "coupon_limit", "issued", "issued", "coupon_limit"]);
  });

  it("answers a key given twice, or granted before, with the one coupon", async () => {
    const template = await templateRow();
    const first = await issueAll([grant(template, "amy", "same")]);
    const issued = await issueAll([
      grant(template, "bo", "k"),
      grant(template, "bo", "k"),
      grant(template, "amy", "same"),
    ]);
    expect(outcomes(issued)).toEqual(["issued", "replayed", "replayed"]);
    const code = (i: (typeof issued)[number]) => ("coupon" in i ? i.coupon.code : null);
    expect(code(issued[1] as (typeof issued)[number])).toBe(code(issued[0] as (typeof issued)[number]));
    expect(code(issued[2] as (typeof issued)[number])).toBe(code(first[0] as (typeof first)[number]));
    expect(await server.store.db.selectFrom("coupons").select("code").execute()).toHaveLength(2);
  });

  it("keeps a higher tier's coupon from a viewer below it", async () => {
    const template = await templateRow({ minTier: "silver" });
    const silverGrowth = server.shop.config.tiers.find((t) => t.key === "silver")?.threshold ?? 0;
    const issued = await issueAll([grant(template, "low"), { ...grant(template, "high"), viewerGrowth: silverGrowth }]);
    expect(outcomes(issued)).toEqual(["tier_too_low", "issued"]);
  });
});

describe("a claim batch", () => {
  it("passes a place the coupon rules refuse to the next claimant in the same batch", async () => {
    const host = await joinAsHost(server);
    const made = await makeTemplate(host, { perViewerLimit: 1 });
    const template = (await findTemplate(server.store.db, server.shop.id, made.id)) as CouponTemplateRow;
    // amy already holds this template's coupon from elsewhere: the deal cannot give her another
    await server.store.db
      .transaction()
      .execute((trx) => issueCoupon(trx, server.shop.config, grant(template, "amy", "nudge:amy")));
    const offer = await startOffer(host, made.id, { stock: 1 });
    const live = server.app.live;
    const claim = (viewerId: string) =>
      live.offers.claimIfKeyword(
        { shop: server.shop, roomId: server.roomId, viewerId, name: viewerId, muted: false, socketId: null },
        "1",
      );
    // queued in the same turn: one batch, decided in this order
    const [amy, bo, cy] = await Promise.all([claim("amy"), claim("bo"), claim("cy")]);
    expect(amy).toEqual({ offerId: offer.id, result: "refused", reason: "already_claimed" });
    expect(bo).toMatchObject({ offerId: offer.id, result: "won" });
    expect(cy).toEqual({ offerId: offer.id, result: "refused", reason: "sold_out" });
    const entries = await server.store.db.selectFrom("offer_entries").selectAll().execute();
    expect(entries.map((e) => [e.viewer_id, Number(e.won)])).toEqual([["bo", 1]]);
  });

  it("on a node whose cache is behind, finds the offer sold out and neither tells the room nor records it again", async () => {
    const host = await joinAsHost(server);
    const made = await makeTemplate(host);
    const offer = await startOffer(host, made.id, { stock: 1 });
    // a second node on the same database, its cache filled while the offer was live
    const changed: OfferView[] = [];
    const other = new OfferDesk(server.app.ctx, {
      changed: (_room, view) => changed.push(view),
      stock: () => {},
      outcome: () => {},
    });
    const claimant = (viewerId: string) => ({
      shop: server.shop,
      roomId: server.roomId,
      viewerId,
      name: viewerId,
      muted: false,
      socketId: null,
    });
    expect(await other.current(server.roomId)).toMatchObject({ offer: { status: "live" } });
    const live = server.app.live;
    expect(await live.offers.claimIfKeyword(claimant("amy"), "1")).toMatchObject({ result: "won" });
    const soldOutAt = (await server.store.db.selectFrom("offers").select("sold_out_at").executeTakeFirst())
      ?.sold_out_at;

    server.clock.advance(1000);
    expect(await other.claimIfKeyword(claimant("bo"), "1")).toEqual({
      offerId: offer.id,
      result: "refused",
      reason: "sold_out",
    });
    expect(changed).toEqual([]);
    const row = await server.store.db.selectFrom("offers").selectAll().executeTakeFirst();
    expect(row).toMatchObject({ status: "sold_out", claimed: 1 });
    expect(row?.sold_out_at).toBe(soldOutAt);
  });

  it("looks the room's offer up once per keyword comment, pace and claim together", async () => {
    const host = await joinAsHost(server);
    const made = await makeTemplate(host);
    const offer = await startOffer(host, made.id, { stock: 5 });
    const live = server.app.live;
    const identity = {
      shopId: server.shop.id,
      viewerId: "amy",
      role: "viewer" as const,
      name: "Amy",
      tier: 0,
      lastWatchAt: null,
      birthday: null,
    };
    const say = () => live.comment(server.roomId, server.shop.id, "socket-amy", identity, "1");
    expect(await say()).toMatchObject({ accepted: true, claim: { offerId: offer.id, result: "won" } });
    // the desk's one way to the room's offer; a storm pays for every extra pass 10,000 times. A
    // second "1" is answered without a batch, so every lookup it makes is the comment's own.
    const lookups = vi.spyOn(live.offers as unknown as { stateOf: (roomId: string) => unknown }, "stateOf");
    expect(await say()).toMatchObject({ claim: { offerId: offer.id, result: "refused", reason: "already_claimed" } });
    expect(lookups).toHaveBeenCalledTimes(1);
  });
});
