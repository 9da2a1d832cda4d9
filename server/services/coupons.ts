import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import {
  type CouponSource,
  type CouponTemplate,
  type CouponTemplateInput,
  EncoreError,
  type ShopConfig,
} from "../../protocol/index.js";
import { toCouponGrantedBody, toTemplate } from "../adapters.js";
import { reservedTemplates } from "../domain/campaigns.js";
import { expiryFor, newCouponCode } from "../domain/coupons.js";
import { tierIndexFor } from "../domain/tiers.js";
import {
  countCouponsHeld,
  findCouponsByGrant,
  findTemplate,
  findTemplates,
  insertCoupons,
  insertTemplate,
  takeTemplateStock,
} from "../store/coupons.js";
import type { Executor } from "../store/executor.js";
import type { CouponRow, CouponTemplateRow, Database } from "../store/schema.js";
import { type ChangeSource, recordAudit } from "./audit.js";
import { shopCampaignRules } from "./campaigns.js";
import { enqueueWebhooks } from "./webhooks.js";

/** A template's id: random, so one shop's ids say nothing about another's. */
export const newTemplateId = () => `tpl_${randomBytes(6).toString("base64url")}`;

/** A new coupon template, with its audit entry in the same transaction. */
export async function createTemplate(
  db: Kysely<Database>,
  shopId: string,
  input: CouponTemplateInput,
  config: ShopConfig,
  now: number,
  source: ChangeSource,
): Promise<CouponTemplate> {
  if (input.minTier && !config.tiers.some((t) => t.key === input.minTier)) {
    throw new EncoreError("bad_request", `no tier ${input.minTier}`);
  }
  const row: CouponTemplateRow = {
    id: newTemplateId(),
    shop_id: shopId,
    name: JSON.stringify(input.name),
    kind: input.kind,
    value: input.value,
    min_spend: input.minSpend,
    valid_days: input.validDays,
    min_tier: input.minTier,
    stock: input.stock,
    issued: 0,
    per_viewer_limit: input.perViewerLimit,
    points_cost: input.pointsCost,
    active: 1,
    created_at: now,
  };
  const template = toTemplate(row);
  await db.transaction().execute(async (trx) => {
    await insertTemplate(trx, row);
    await recordAudit(
      trx,
      shopId,
      source,
      { action: "template.create", target: { kind: "template", id: row.id }, before: null, after: template },
      now,
    );
  });
  return template;
}

export async function requireTemplate(db: Executor, shopId: string, id: string): Promise<CouponTemplateRow> {
  const template = await findTemplate(db, shopId, id);
  // Another shop's template is, from this shop's side, one that does not exist.
  if (!template) throw new EncoreError("template_not_found", `no coupon template ${id}`);
  if (template.active !== 1) throw new EncoreError("template_paused", `coupon template ${id} is paused`);
  return template;
}

export interface Grant {
  shopId: string;
  viewerId: string;
  /** growth decides the tier gate */
  viewerGrowth: number;
  template: CouponTemplateRow;
  source: CouponSource;
  /** what it was granted for: an offer id, an order id, a year */
  sourceRef: string;
  /** unique per shop; a second grant with the same key returns the first coupon */
  grantKey: string;
  now: number;
}

/** Why a grant gave no coupon; the caller turns it into its own answer. */
export type GrantRefusal = "tier_too_low" | "coupon_limit" | "sold_out" | "template_paused";
export type Issued = { coupon: CouponRow; replayed: boolean } | { refusal: GrantRefusal };

const REFUSAL_MESSAGES: Record<GrantRefusal, string> = {
  tier_too_low: "this coupon is for a higher tier",
  coupon_limit: "this viewer already holds as many of these as allowed",
  sold_out: "this coupon is out of stock",
  template_paused: "the shop has paused this coupon",
};

/**
 * Issues one coupon inside the caller's transaction: tier gate, per-viewer limit and template
 * stock are checked here so every source (deal, exchange, first order, birthday, nudge) obeys them.
 */
export async function issueCoupon(
  trx: Executor,
  config: ShopConfig,
  grant: Grant,
): Promise<{ coupon: CouponRow; replayed: boolean }> {
  const [issued] = await issueCoupons(trx, config, [grant]);
  if (!issued) throw new Error("issueCoupons answered no grant");
  if ("refusal" in issued) throw new EncoreError(issued.refusal, REFUSAL_MESSAGES[issued.refusal]);
  return issued;
}

/**
 * The same rules for many grants of one shop at once, decided in the order given, in a handful
 * of statements however many there are: a claim batch's winners cost the database the same
 * few round trips as one. One answer per grant, in order; a grant key given twice is one coupon.
 */
export async function issueCoupons(trx: Executor, config: ShopConfig, grants: Grant[]): Promise<Issued[]> {
  const shopId = grants[0]?.shopId;
  if (shopId === undefined) return [];
  if (grants.some((g) => g.shopId !== shopId)) throw new Error("issueCoupons takes one shop's grants");
  const existing = await findCouponsByGrant(trx, shopId, [...new Set(grants.map((g) => g.grantKey))]);
  const held = await heldByTemplate(trx, shopId, grants);
  // templates a running campaign reserves for some tiers: other tiers are refused like a tier gate
  const reserved = reservedTemplates(await shopCampaignRules(trx, shopId), grants[0]?.now ?? 0, config.timezone);

  const answers: (Issued | undefined)[] = grants.map(() => undefined);
  /** the first grant of each key; a repeat of the key gets its answer */
  const firstOf = new Map<string, number>();
  /** grants that passed the gates, by template, in order: they wait for stock */
  const waiting = new Map<string, number[]>();
  grants.forEach((grant, i) => {
    const replay = existing.get(grant.grantKey);
    if (replay) {
      answers[i] = { coupon: replay, replayed: true };
      return;
    }
    if (firstOf.has(grant.grantKey)) return;
    firstOf.set(grant.grantKey, i);
    const { template } = grant;
    if (template.min_tier) {
      const required = config.tiers.findIndex((t) => t.key === template.min_tier);
      if (required > tierIndexFor(grant.viewerGrowth, config.tiers)) {
        answers[i] = { refusal: "tier_too_low" };
        return;
      }
    }
    const reservedFor = reserved.get(template.id);
    if (reservedFor && !reservedFor.has(config.tiers[tierIndexFor(grant.viewerGrowth, config.tiers)]?.key ?? "")) {
      answers[i] = { refusal: "tier_too_low" };
      return;
    }
    const holding = held.get(template.id) ?? new Map<string, number>();
    const count = holding.get(grant.viewerId) ?? 0;
    if (count >= template.per_viewer_limit) {
      answers[i] = { refusal: "coupon_limit" };
      return;
    }
    holding.set(grant.viewerId, count + 1);
    waiting.set(template.id, [...(waiting.get(template.id) ?? []), i]);
  });

  // The templates as they are now, not as the caller read them (an offer reads its template when
  // it starts): a template paused since issues nothing, whichever source asks.
  const current = await findTemplates(trx, shopId, [...waiting.keys()]);
  const fresh: { index: number; coupon: CouponRow }[] = [];
  for (const [templateId, indices] of waiting) {
    if (current.get(templateId)?.active !== 1) {
      for (const index of indices) answers[index] = { refusal: "template_paused" };
      continue;
    }
    const taken = await takeStock(trx, templateId, indices.length);
    indices.forEach((index, n) => {
      if (n >= taken) {
        answers[index] = { refusal: "sold_out" };
        return;
      }
      const coupon = newCoupon(grants[index] as Grant);
      answers[index] = { coupon, replayed: false };
      fresh.push({ index, coupon });
    });
  }
  await insertCoupons(
    trx,
    fresh.map((f) => f.coupon),
  );
  await enqueueWebhooks(
    trx,
    shopId,
    "coupon.granted",
    fresh.map(({ coupon }) => toCouponGrantedBody(coupon)),
    grants[0]?.now ?? 0,
  );
  return grants.map((grant, i) => {
    const own = answers[i];
    if (own) return own;
    // a key repeated within the batch: its first grant's refusal, or a replay of its coupon
    const first = answers[firstOf.get(grant.grantKey) as number];
    if (!first) throw new Error(`grant ${grant.grantKey} got no answer`);
    return "refusal" in first ? first : { coupon: first.coupon, replayed: true };
  });
}

/** Per template, how many of it each viewer in the grants already holds. */
async function heldByTemplate(
  trx: Executor,
  shopId: string,
  grants: Grant[],
): Promise<Map<string, Map<string, number>>> {
  const viewersByTemplate = new Map<string, Set<string>>();
  for (const { template, viewerId } of grants) {
    const viewers = viewersByTemplate.get(template.id) ?? new Set<string>();
    viewers.add(viewerId);
    viewersByTemplate.set(template.id, viewers);
  }
  const held = new Map<string, Map<string, number>>();
  for (const [templateId, viewers] of viewersByTemplate) {
    held.set(templateId, await countCouponsHeld(trx, shopId, templateId, [...viewers]));
  }
  return held;
}

/**
 * Takes up to `wanted` from a template's stock and says how many it got: all at once when the
 * stock allows (the usual case, one statement), else one by one until it runs out.
 */
async function takeStock(trx: Executor, templateId: string, wanted: number): Promise<number> {
  if (await takeTemplateStock(trx, templateId, wanted)) return wanted;
  let taken = 0;
  while (taken < wanted - 1 && (await takeTemplateStock(trx, templateId, 1))) taken++;
  return taken;
}

function newCoupon(grant: Grant): CouponRow {
  const { template } = grant;
  return {
    code: newCouponCode(),
    shop_id: grant.shopId,
    viewer_id: grant.viewerId,
    template_id: template.id,
    name: template.name,
    kind: template.kind,
    value: template.value,
    min_spend: template.min_spend,
    source: grant.source,
    source_ref: grant.sourceRef,
    grant_key: grant.grantKey,
    state: "issued",
    issued_at: grant.now,
    expires_at: expiryFor(grant.now, template.valid_days),
    redeemed_at: null,
    redeemed_order: null,
    discount: null,
  };
}
