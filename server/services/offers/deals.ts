import type { Compilable } from "kysely";
import type { ClaimRefusal } from "../../../protocol/index.js";
import { toOfferWonBody } from "../../adapters.js";
import { templatesLockedQuery } from "../../store/coupons.js";
import type { Executor } from "../../store/executor.js";
import { exposureInserts, runningExperimentQuery } from "../../store/experiments.js";
import type { CouponRow, CouponTemplateRow, ExperimentRow, OfferRow } from "../../store/schema.js";
import { dialectOf, type ReadResults, readTogether, writeTogether } from "../../store/together.js";
import { outboxInserts } from "../../store/webhooks.js";
import {
  CouponIssuer,
  type GrantRefusal,
  type Issued,
  type IssueLocked,
  type IssueRead,
  issueLocks,
  issueReads,
} from "../coupons.js";
import { type AppliedArm, armsFrom, armTemplateIds, exposuresOf } from "../experiments.js";
import type { Shop } from "../shops.js";
import { outboxRowsFor } from "../webhooks.js";

export type GrantedDeal = { coupon: CouponRow } | { refusal: ClaimRefusal };

const GRANT_REFUSALS: Record<GrantRefusal, ClaimRefusal> = {
  sold_out: "sold_out",
  tier_too_low: "tier_too_low",
  coupon_limit: "already_claimed",
  template_paused: "template_paused",
};

/** The key of a viewer's deal coupon from one offer: a second claim or a replay finds the first. */
export const dealGrantKey = (offerId: string, viewerId: string) => `deal:${offerId}:${viewerId}`;

/**
 * What granting an offer's deals reads first, for a caller to send with its own first reads:
 * the issuing path's locks (the offer's template) and the experiment running on deal coupons.
 */
export function dealLocks(trx: Executor, shopId: string, templateId: string) {
  return {
    ...issueLocks(trx, shopId, [templateId]),
    dealExperiment: runningExperimentQuery(trx, shopId, "offer_coupon"),
  };
}

export type DealLocked = ReadResults<ReturnType<typeof dealLocks>>;

/**
 * The templates an experiment's arms give, locked too: a statement of its own, made only while
 * such an experiment runs (which templates is known once the experiment is read).
 */
export async function lockArmTemplates<L extends DealLocked>(trx: Executor, shopId: string, locked: L): Promise<L> {
  const have = new Set(locked.issueTemplates.map((t) => t.id));
  const more = armTemplateIds(locked.dealExperiment[0]).filter((id) => !have.has(id));
  if (more.length === 0) return locked;
  const { armTemplates } = await readTogether(trx, {
    armTemplates: templatesLockedQuery(trx, dialectOf(trx), shopId, [...new Set(more)]),
  });
  return { ...locked, issueTemplates: [...locked.issueTemplates, ...armTemplates] };
}

/** What granting reads once the templates are locked, for every viewer who may win in this batch. */
export function dealReads(trx: Executor, shopId: string, offerId: string, locked: DealLocked, viewerIds: string[]) {
  return issueReads(
    trx,
    shopId,
    locked.issueTemplates.map((t) => t.id),
    viewerIds,
    viewerIds.map((viewerId) => dealGrantKey(offerId, viewerId)),
  );
}

/**
 * Deal coupons for an offer's winners, through the single issuing path (its refusals become the
 * claims'), decided without a round trip from what was read; asked once per round of a claim
 * batch, it keeps count across rounds. An experiment on the deal coupon decides which template
 * each viewer's win gives. `writes` gives the issuer's statements, the exposures and `offer.won`.
 */
export class DealGrants {
  private readonly issuer: CouponIssuer;
  private readonly experiment: ExperimentRow | undefined;
  private readonly templates: Map<string, CouponTemplateRow>;
  private readonly exposed = new Map<string, AppliedArm>();
  private readonly won: CouponRow[] = [];

  constructor(
    private readonly shop: Shop,
    private readonly offer: OfferRow,
    private readonly template: CouponTemplateRow,
    private readonly locked: DealLocked,
    read: IssueRead,
  ) {
    this.issuer = new CouponIssuer(shop.config, shop.id, locked as IssueLocked, read);
    this.experiment = locked.dealExperiment[0];
    this.templates = new Map(locked.issueTemplates.map((t) => [t.id, t]));
  }

  grant(claimants: { viewerId: string; growth: number }[], now: number): GrantedDeal[] {
    if (claimants.length === 0) return [];
    const { shop, offer } = this;
    const arms = armsFrom(
      this.experiment,
      claimants.map((c) => c.viewerId),
    );
    const issued = this.issuer.issue(
      claimants.map(({ viewerId, growth }) => {
        const armTemplateId = arms.get(viewerId)?.arm?.templateId;
        const armTemplate = armTemplateId ? this.templates.get(armTemplateId) : undefined;
        return {
          shopId: shop.id,
          viewerId,
          viewerGrowth: growth,
          template: armTemplate?.active === 1 ? armTemplate : this.template,
          source: "deal" as const,
          sourceRef: offer.id,
          grantKey: dealGrantKey(offer.id, viewerId),
          now,
        };
      }),
    );
    claimants.forEach(({ viewerId }, i) => {
      const applied = arms.get(viewerId);
      const result = issued[i] as Issued;
      if (applied && !("refusal" in result) && !this.exposed.has(viewerId)) this.exposed.set(viewerId, applied);
      // both ways of winning (first come, and the lucky bag's draw) come through here
      if ("coupon" in result && !result.replayed) this.won.push(result.coupon);
    });
    return issued.map((result) => ("refusal" in result ? { refusal: GRANT_REFUSALS[result.refusal] } : result));
  }

  writes(trx: Executor, now: number): Compilable<unknown>[] {
    const { shop, offer } = this;
    return [
      ...this.issuer.writes(trx, now),
      ...exposureInserts(trx, exposuresOf(shop.id, this.exposed, now)),
      ...outboxInserts(
        trx,
        outboxRowsFor(
          this.locked.issueEndpoints,
          shop.id,
          "offer.won",
          this.won.map((coupon) => toOfferWonBody(offer, coupon, now)),
          now,
        ),
      ),
    ];
  }
}

/** Deal coupons for several viewers at once (the lucky bag's draw): three statements and the writes. */
export async function grantDeals(
  trx: Executor,
  shop: Shop,
  offer: OfferRow,
  template: CouponTemplateRow,
  claimants: { viewerId: string; growth: number }[],
  now: number,
): Promise<GrantedDeal[]> {
  if (claimants.length === 0) return [];
  const locked = await lockArmTemplates(trx, shop.id, await readTogether(trx, dealLocks(trx, shop.id, template.id)));
  const read = await readTogether(
    trx,
    dealReads(
      trx,
      shop.id,
      offer.id,
      locked,
      claimants.map((c) => c.viewerId),
    ),
  );
  const deals = new DealGrants(shop, offer, template, locked, read);
  const granted = deals.grant(claimants, now);
  await writeTogether(trx, deals.writes(trx, now));
  return granted;
}
