import { randomBytes } from "node:crypto";
import { drawWinners } from "../../domain/offers.js";
import type { Executor } from "../../store/executor.js";
import { growthOf, insertDraw, listEntries, markWon } from "../../store/offers.js";
import type { CouponRow } from "../../store/schema.js";
import type { Shop } from "../shops.js";
import { type GrantedDeal, grantDeals } from "./deals.js";
import type { OfferState } from "./state.js";

export interface LuckyBagResult {
  winners: { viewerId: string; coupon: CouponRow }[];
  /** entrants who were not drawn, or whose coupon the rules refused */
  losers: string[];
}

/**
 * The lucky bag: entries in arrival order, the 32-byte seed whose hash was published when the
 * offer started, winners drawn from both, and all three recorded so anyone can re-run and check
 * the draw (GET /v1/offers/:id/draw).
 */
export async function drawLuckyBag(trx: Executor, shop: Shop, state: OfferState, now: number): Promise<LuckyBagResult> {
  const offer = state.row;
  const entries = (await listEntries(trx, offer.id)).map((e) => e.viewer_id);
  // the seed committed to at the start; offers started before commitments existed draw a fresh one
  const seed = offer.draw_seed ? Buffer.from(offer.draw_seed, "hex") : randomBytes(32);
  const drawnIds = drawWinners(entries, offer.stock, seed);
  const growth = await growthOf(trx, shop.id, drawnIds);
  const winners: LuckyBagResult["winners"] = [];
  const granted = await grantDeals(
    trx,
    shop,
    offer,
    state.template,
    drawnIds.map((viewerId) => ({ viewerId, growth: growth.get(viewerId) ?? 0 })),
    now,
  );
  for (const [i, viewerId] of drawnIds.entries()) {
    const grant = granted[i] as GrantedDeal;
    if ("refusal" in grant) continue;
    await markWon(trx, offer.id, viewerId, grant.coupon.code, now);
    winners.push({ viewerId, coupon: grant.coupon });
  }
  const wonIds = new Set(winners.map((w) => w.viewerId));
  await insertDraw(trx, {
    offer_id: offer.id,
    seed: seed.toString("hex"),
    entries: JSON.stringify(entries),
    winners: JSON.stringify(drawnIds),
    drawn_at: now,
  });
  return { winners, losers: entries.filter((id) => !wonIds.has(id)) };
}
