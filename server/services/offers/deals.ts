import type { ClaimRefusal } from "../../../protocol/index.js";
import { toOfferWonBody } from "../../adapters.js";
import { findTemplate } from "../../store/coupons.js";
import type { Executor } from "../../store/executor.js";
import type { CouponRow, CouponTemplateRow, OfferRow } from "../../store/schema.js";
import { type GrantRefusal, type Issued, issueCoupons } from "../coupons.js";
import { type AppliedArm, armsFor, exposeAll } from "../experiments.js";
import type { Shop } from "../shops.js";
import { enqueueWebhooks } from "../webhooks.js";

export type GrantedDeal = { coupon: CouponRow } | { refusal: ClaimRefusal };

const GRANT_REFUSALS: Record<GrantRefusal, ClaimRefusal> = {
  sold_out: "sold_out",
  tier_too_low: "tier_too_low",
  coupon_limit: "already_claimed",
  template_paused: "template_paused",
};

/**
 * Deal coupons for several viewers at once, through the single issuing path; its refusals
 * become the claims'. An experiment on the deal coupon decides which template each viewer's win gives.
 */
export async function grantDeals(
  trx: Executor,
  shop: Shop,
  offer: OfferRow,
  template: CouponTemplateRow,
  claimants: { viewerId: string; growth: number }[],
  now: number,
): Promise<GrantedDeal[]> {
  if (claimants.length === 0) return [];
  const arms = await armsFor(
    trx,
    shop.id,
    "offer_coupon",
    claimants.map((c) => c.viewerId),
  );
  const armTemplates = new Map<string, CouponTemplateRow | undefined>();
  for (const { arm } of arms.values()) {
    if (arm?.templateId && !armTemplates.has(arm.templateId)) {
      armTemplates.set(arm.templateId, await findTemplate(trx, shop.id, arm.templateId));
    }
  }
  const issued = await issueCoupons(
    trx,
    shop.config,
    claimants.map(({ viewerId, growth }) => {
      const armTemplateId = arms.get(viewerId)?.arm?.templateId;
      const armTemplate = armTemplateId ? armTemplates.get(armTemplateId) : undefined;
      return {
        shopId: shop.id,
        viewerId,
        viewerGrowth: growth,
        template: armTemplate?.active === 1 ? armTemplate : template,
        source: "deal",
        sourceRef: offer.id,
        grantKey: `deal:${offer.id}:${viewerId}`,
        now,
      };
    }),
  );
  const exposed = new Map<string, AppliedArm>();
  claimants.forEach(({ viewerId }, i) => {
    const applied = arms.get(viewerId);
    if (applied && !("refusal" in (issued[i] as Issued))) exposed.set(viewerId, applied);
  });
  await exposeAll(trx, shop.id, exposed, now);
  // both ways of winning (first come, and the lucky bag's draw) come through here
  await enqueueWebhooks(
    trx,
    shop.id,
    "offer.won",
    issued.flatMap((result) =>
      "coupon" in result && !result.replayed ? [toOfferWonBody(offer, result.coupon, now)] : [],
    ),
    now,
  );
  return issued.map((result) => ("refusal" in result ? { refusal: GRANT_REFUSALS[result.refusal] } : result));
}
