import { randomBytes } from "node:crypto";
import type { Compilable, Kysely } from "kysely";
import {
  type CouponSource,
  type CouponTemplate,
  type CouponTemplateInput,
  EncoreError,
  type ShopConfig,
} from "../../protocol/index.js";
import { toCouponGrantedBody, toTemplate } from "../adapters.js";
import { type CampaignRule, reservedTemplates } from "../domain/campaigns.js";
import { expiryFor, newCouponCode } from "../domain/coupons.js";
import { tierIndexFor } from "../domain/tiers.js";
import { campaignRowsQuery } from "../store/campaigns.js";
import {
  addIssuedQuery,
  couponInserts,
  couponsByGrantQuery,
  couponsHeldQuery,
  findTemplate,
  insertTemplate,
  templatesLockedQuery,
} from "../store/coupons.js";
import type { Executor } from "../store/executor.js";
import { toNumber } from "../store/numbers.js";
import type { CouponRow, CouponTemplateRow, Database } from "../store/schema.js";
import { dialectOf, type ReadResults, readTogether, writeTogether } from "../store/together.js";
import { endpointsQuery, outboxInserts } from "../store/webhooks.js";
import { type ChangeSource, recordAudit } from "./audit.js";
import { campaignRulesOf } from "./campaigns.js";
import { outboxRowsFor } from "./webhooks.js";

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
 * The same rules for many grants of one shop at once, decided in the order given, in three
 * statements however many there are (the templates locked, what the viewers hold, the writes):
 * a claim batch's winners cost the database the same round trips as one. One answer per grant,
 * in order; a grant key given twice is one coupon. A caller that read `issueLocks` already, in
 * this transaction, for its own use of the templates or endpoints, passes them as `readLocked`.
 */
export async function issueCoupons(
  trx: Executor,
  config: ShopConfig,
  grants: Grant[],
  readLocked?: IssueLocked,
): Promise<Issued[]> {
  const shopId = grants[0]?.shopId;
  if (shopId === undefined) return [];
  if (grants.some((g) => g.shopId !== shopId)) throw new Error("issueCoupons takes one shop's grants");
  const templateIds = [...new Set(grants.map((g) => g.template.id))];
  const locked = readLocked ?? (await readTogether(trx, issueLocks(trx, shopId, templateIds)));
  const held = await readTogether(
    trx,
    issueReads(
      trx,
      shopId,
      templateIds,
      grants.map((g) => g.viewerId),
      grants.map((g) => g.grantKey),
    ),
  );
  const issuer = new CouponIssuer(config, shopId, locked, held);
  const answers = issuer.issue(grants);
  await writeTogether(trx, issuer.writes(trx, grants[0]?.now ?? 0));
  return answers;
}

/**
 * What issuing must read first, for a caller to send with its own reads: the templates, locked
 * (on Postgres) so stock, pause and holdings stay as read until commit; the shop's campaigns;
 * its webhook endpoints. Reads that must see what a lock waited for go in `issueReads`, after.
 */
export function issueLocks(trx: Executor, shopId: string, templateIds: readonly string[]) {
  return {
    issueTemplates: templatesLockedQuery(trx, dialectOf(trx), shopId, templateIds),
    issueCampaigns: campaignRowsQuery(trx, shopId),
    issueEndpoints: endpointsQuery(trx, shopId),
  };
}

/** What issuing reads once its templates are locked: grants already made, coupons held. */
export function issueReads(
  trx: Executor,
  shopId: string,
  templateIds: readonly string[],
  viewerIds: readonly string[],
  grantKeys: readonly string[],
) {
  const dialect = dialectOf(trx);
  return {
    issueGranted: couponsByGrantQuery(trx, dialect, shopId, [...new Set(grantKeys)]),
    issueHeld: couponsHeldQuery(trx, dialect, templateIds, [...new Set(viewerIds)]),
  };
}

export type IssueLocked = ReadResults<ReturnType<typeof issueLocks>>;
export type IssueRead = ReadResults<ReturnType<typeof issueReads>>;

/**
 * The one place coupons are decided and made. Built on what `issueLocks` and `issueReads` read,
 * it answers grants without a round trip, keeping count of the stock it took and the coupons it
 * made, so a caller deciding in rounds (a claim batch) asks it several times; `writes` then
 * gives every statement its grants need (stock, coupons, `coupon.granted` messages), to be sent
 * in the same transaction. Grants it was not given the facts for are read as holding nothing.
 */
export class CouponIssuer {
  private readonly existing = new Map<string, CouponRow>();
  /** per template, how many of it each viewer holds, counting what this issuer made */
  private readonly held = new Map<string, Map<string, number>>();
  private readonly templates: Map<string, CouponTemplateRow>;
  private readonly rules: CampaignRule[];
  private readonly taken = new Map<string, number>();
  private readonly made: CouponRow[] = [];
  /** answers by grant key, so a key asked again (in this batch or a later round) is a replay */
  private readonly answered = new Map<string, Issued>();

  constructor(
    private readonly config: ShopConfig,
    private readonly shopId: string,
    private readonly locked: IssueLocked,
    read: IssueRead,
  ) {
    for (const row of read.issueGranted) if (row.grant_key) this.existing.set(row.grant_key, row);
    for (const row of read.issueHeld) {
      const holding = this.held.get(row.template_id) ?? new Map<string, number>();
      holding.set(row.viewer_id, toNumber(row.n));
      this.held.set(row.template_id, holding);
    }
    this.templates = new Map(locked.issueTemplates.map((t) => [t.id, t]));
    this.rules = campaignRulesOf(locked.issueCampaigns);
  }

  /** One answer per grant, in order, decided in that order. */
  issue(grants: Grant[]): Issued[] {
    const { config } = this;
    // templates a running campaign reserves for some tiers: other tiers are refused like a tier gate
    const reserved = reservedTemplates(this.rules, grants[0]?.now ?? 0, config.timezone);
    const answers: (Issued | undefined)[] = grants.map(() => undefined);
    /** the first grant of each key in this call; a repeat of the key gets its answer */
    const firstOf = new Map<string, number>();
    /** grants that passed the gates, by template, in order: they wait for stock */
    const waiting = new Map<string, number[]>();
    grants.forEach((grant, i) => {
      const replay = this.existing.get(grant.grantKey);
      if (replay) {
        answers[i] = { coupon: replay, replayed: true };
        return;
      }
      const before = this.answered.get(grant.grantKey);
      if (before) {
        answers[i] = "refusal" in before ? before : { coupon: before.coupon, replayed: true };
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
      const holding = this.held.get(template.id) ?? new Map<string, number>();
      this.held.set(template.id, holding);
      const count = holding.get(grant.viewerId) ?? 0;
      if (count >= template.per_viewer_limit) {
        answers[i] = { refusal: "coupon_limit" };
        return;
      }
      holding.set(grant.viewerId, count + 1);
      waiting.set(template.id, [...(waiting.get(template.id) ?? []), i]);
    });

    // The templates as they are now (locked), not as the caller read them (an offer reads its
    // template when it starts): a template paused since issues nothing, whichever source asks.
    for (const [templateId, indices] of waiting) {
      const current = this.templates.get(templateId);
      if (current?.active !== 1) {
        for (const index of indices) answers[index] = { refusal: "template_paused" };
        continue;
      }
      const taken = this.taken.get(templateId) ?? 0;
      const left = current.stock === null ? indices.length : Math.max(0, current.stock - current.issued - taken);
      indices.forEach((index, n) => {
        if (n >= left) {
          answers[index] = { refusal: "sold_out" };
          return;
        }
        const coupon = newCoupon(grants[index] as Grant);
        answers[index] = { coupon, replayed: false };
        this.made.push(coupon);
      });
      this.taken.set(templateId, taken + Math.min(left, indices.length));
    }
    return grants.map((grant, i) => {
      const own = answers[i];
      if (own) {
        if (firstOf.get(grant.grantKey) === i) this.answered.set(grant.grantKey, own);
        return own;
      }
      // a key repeated within the call: its first grant's refusal, or a replay of its coupon
      const first = answers[firstOf.get(grant.grantKey) as number];
      if (!first) throw new Error(`grant ${grant.grantKey} got no answer`);
      return "refusal" in first ? first : { coupon: first.coupon, replayed: true };
    });
  }

  /** Every statement the grants answered so far need, unexecuted: stock, coupons, webhooks. */
  writes(trx: Executor, now: number): Compilable<unknown>[] {
    return [
      ...[...this.taken].filter(([, n]) => n > 0).map(([templateId, n]) => addIssuedQuery(trx, templateId, n)),
      ...couponInserts(trx, this.made),
      ...outboxInserts(
        trx,
        outboxRowsFor(
          this.locked.issueEndpoints,
          this.shopId,
          "coupon.granted",
          this.made.map((coupon) => toCouponGrantedBody(coupon)),
          now,
        ),
      ),
    ];
  }
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
