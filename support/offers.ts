import type { CouponTemplate, OfferStartPayload, OfferView } from "../protocol/index.js";
import { HostEvent } from "../protocol/index.js";
import { postChange } from "../server/services/points.js";
import { saveConfig } from "../server/services/shops.js";
import { ensureViewer } from "../server/store/viewers.js";
import { call, joinRoom, type TestServer, type TestSocket } from "./server.js";

/** A host socket of the test shop's room. */
export async function joinAsHost(server: TestServer, sub = "host-1"): Promise<TestSocket> {
  return (await joinRoom(server, await server.token(sub, { role: "host", name: "Host" }))).socket;
}

export async function makeTemplate(
  host: TestSocket,
  extra: Partial<Parameters<typeof call<typeof HostEvent.templateCreate>>[2]> = {},
): Promise<CouponTemplate> {
  const result = await call(host, HostEvent.templateCreate, {
    name: { "zh-CN": "直播间立减", en: "Live deal" },
    kind: "amount",
    value: 1000,
    minSpend: 5000,
    validDays: 7,
    minTier: null,
    stock: null,
    perViewerLimit: 1,
    pointsCost: null,
    ...extra,
  });
  if (!result.ok) throw new Error(`template refused: ${result.error.code}`);
  return result.data;
}

export async function startOffer(
  host: TestSocket,
  templateId: string,
  extra: Partial<OfferStartPayload> = {},
): Promise<OfferView> {
  const result = await call(host, HostEvent.offerStart, { templateId, stock: 10, durationSeconds: 60, ...extra });
  if (!result.ok) throw new Error(`offer refused: ${result.error.code}`);
  return result.data;
}

/** Ends due offers now, as the app's interval would on its next beat. */
export function expireOffers(server: TestServer): Promise<void> {
  return server.app.live.offers.expireDue(server.clock.now());
}

/** Gives a viewer growth (and so a tier) through the ledger. */
export async function giveGrowth(server: TestServer, viewerId: string, growth: number): Promise<void> {
  const { db } = server.store;
  const now = server.clock.now();
  await db.transaction().execute(async (trx) => {
    await ensureViewer(trx, server.shop.id, viewerId, {}, now);
    await postChange(
      trx,
      "sqlite",
      server.shop.id,
      viewerId,
      { delta: 0, growthDelta: growth, reason: "adjust", ref: "test", idempotencyKey: `growth:${viewerId}:${growth}` },
      now,
    );
  });
}

export async function setModeration(
  server: TestServer,
  moderation: { blockedWords: string[]; commentsPerMinute: number },
): Promise<void> {
  await saveConfig(server.store.db, server.shop.id, { ...server.shop.config, moderation });
}

/** Everything a refused offer action or claim must leave untouched. */
export async function offerFingerprint(server: TestServer): Promise<string> {
  const { db } = server.store;
  const parts = await Promise.all([
    db.selectFrom("offers").selectAll().orderBy("id").execute(),
    db.selectFrom("offer_entries").selectAll().orderBy("offer_id").orderBy("viewer_id").execute(),
    db.selectFrom("offer_draws").selectAll().orderBy("offer_id").execute(),
    db.selectFrom("coupons").selectAll().orderBy("code").execute(),
    db.selectFrom("coupon_templates").selectAll().orderBy("id").execute(),
    db.selectFrom("mutes").selectAll().orderBy("viewer_id").execute(),
    db.selectFrom("ledger").selectAll().orderBy("id").execute(),
  ]);
  return JSON.stringify(parts);
}
