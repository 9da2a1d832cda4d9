import { randomBytes } from "node:crypto";
import {
  type CampaignDefinition,
  type CampaignPatch,
  type CampaignRun,
  type CampaignView,
  EncoreError,
  type FieldError,
  ServerEvent,
} from "../../protocol/index.js";
import {
  type CampaignRule,
  campaignRule,
  conflictingOverlap,
  currentOrNext,
  memberDayRule,
  scheduleRefusal,
} from "../domain/campaigns.js";
import {
  deleteCampaignRow,
  findCampaignRow,
  insertCampaignRow,
  listCampaignRows,
  updateCampaignRow,
} from "../store/campaigns.js";
import { findTemplate } from "../store/coupons.js";
import type { Executor } from "../store/executor.js";
import type { CampaignRow } from "../store/schema.js";
import { listRooms } from "../store/shops.js";
import { type ChangeSource, recordAudit } from "./audit.js";
import type { Context } from "./context.js";
import type { Shop } from "./shops.js";

function toCampaignView(row: CampaignRow): CampaignView {
  return {
    id: row.id,
    ...(JSON.parse(row.definition) as CampaignDefinition),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRule(view: CampaignView): CampaignRule {
  const { id, name, schedule, orderMultiplier, watchMultiplier, coupons } = view;
  return campaignRule(id, { name, schedule, orderMultiplier, watchMultiplier, coupons });
}

export async function listCampaigns(db: Executor, shopId: string): Promise<CampaignView[]> {
  return (await listCampaignRows(db, shopId)).map(toCampaignView);
}

/** The shop's own campaigns as rules (member days not among them). */
export async function shopCampaignRules(db: Executor, shopId: string): Promise<CampaignRule[]> {
  return campaignRulesOf(await listCampaignRows(db, shopId));
}

/** Campaign rows, read by the caller (perhaps with its other reads), as rules. */
export function campaignRulesOf(rows: CampaignRow[]): CampaignRule[] {
  return rows.map((row) => toRule(toCampaignView(row)));
}

/** Everything that can multiply points in this shop: its campaigns and its member days as one. */
export async function campaignRules(db: Executor, shop: Shop): Promise<CampaignRule[]> {
  const rules = await shopCampaignRules(db, shop.id);
  const memberDay = memberDayRule(shop.config);
  return memberDay ? [...rules, memberDay] : rules;
}

/** What the widget's banner shows now: the running campaign or the next within a day. */
export async function campaignNow(db: Executor, shop: Shop, now: number): Promise<CampaignRun | null> {
  return currentOrNext(await campaignRules(db, shop), now, shop.config.timezone);
}

/**
 * Refuses a definition that cannot be stored: a schedule that ends before it starts, a coupon
 * template the shop does not have, a tier its program does not have, or a stretch shared with
 * another campaign that multiplies differently. Nothing is written before every check passes.
 */
async function checkDefinition(
  db: Executor,
  shop: Shop,
  id: string,
  definition: CampaignDefinition,
  existing: CampaignView[],
): Promise<void> {
  const schedule = scheduleRefusal(definition.schedule);
  if (schedule) throw new EncoreError("campaign_invalid", schedule.message, [schedule]);
  const tiers = new Set(shop.config.tiers.map((t) => t.key));
  const unknownTiers: FieldError[] = [];
  const unknownTemplates: FieldError[] = [];
  for (const [i, coupon] of definition.coupons.entries()) {
    const bad = coupon.tiers.filter((t) => !tiers.has(t));
    if (bad.length > 0) unknownTiers.push({ path: `coupons.${i}.tiers`, message: `no tier ${bad.join(", ")}` });
    if (!(await findTemplate(db, shop.id, coupon.templateId))) {
      unknownTemplates.push({ path: `coupons.${i}.templateId`, message: `no coupon template ${coupon.templateId}` });
    }
  }
  if (unknownTemplates.length > 0) {
    throw new EncoreError(
      "template_not_found",
      "a reserved coupon names a template the shop does not have",
      unknownTemplates,
    );
  }
  if (unknownTiers.length > 0) {
    throw new EncoreError("campaign_invalid", "a reserved coupon names a tier the program does not have", unknownTiers);
  }
  const clash = conflictingOverlap(campaignRule(id, definition), existing.map(toRule), shop.config.timezone);
  if (clash) {
    throw new EncoreError(
      "campaign_overlap",
      `runs at the same time as campaign ${clash.id} (${clash.name.en}) with different multipliers`,
      [{ path: "schedule", message: `overlaps ${clash.name.en}` }],
    );
  }
}

export async function createCampaign(
  ctx: Context,
  shop: Shop,
  definition: CampaignDefinition,
  source: ChangeSource,
): Promise<CampaignView> {
  const now = ctx.clock.now();
  const id = `cmp_${randomBytes(6).toString("base64url")}`;
  const view = await ctx.store.db.transaction().execute(async (trx) => {
    await checkDefinition(trx, shop, id, definition, await listCampaigns(trx, shop.id));
    const row: CampaignRow = {
      shop_id: shop.id,
      id,
      definition: JSON.stringify(definition),
      created_at: now,
      updated_at: now,
    };
    await insertCampaignRow(trx, row);
    const created = toCampaignView(row);
    await recordAudit(
      trx,
      shop.id,
      source,
      { action: "campaign.create", target: { kind: "campaign", id }, before: null, after: created },
      now,
    );
    return created;
  });
  await announceCampaign(ctx, shop);
  return view;
}

export async function updateCampaign(
  ctx: Context,
  shop: Shop,
  id: string,
  patch: CampaignPatch,
  source: ChangeSource,
): Promise<CampaignView> {
  const now = ctx.clock.now();
  const view = await ctx.store.db.transaction().execute(async (trx) => {
    const row = await findCampaignRow(trx, shop.id, id);
    if (!row) throw new EncoreError("campaign_not_found", `no campaign ${id}`);
    const before = toCampaignView(row);
    const { id: _id, createdAt: _c, updatedAt: _u, ...current } = before;
    const definition: CampaignDefinition = { ...current, ...patch };
    await checkDefinition(trx, shop, id, definition, await listCampaigns(trx, shop.id));
    await updateCampaignRow(trx, shop.id, id, JSON.stringify(definition), now);
    const after: CampaignView = { ...before, ...definition, updatedAt: now };
    await recordAudit(
      trx,
      shop.id,
      source,
      { action: "campaign.update", target: { kind: "campaign", id }, before, after },
      now,
    );
    return after;
  });
  await announceCampaign(ctx, shop);
  return view;
}

export async function deleteCampaign(ctx: Context, shop: Shop, id: string, source: ChangeSource): Promise<void> {
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const row = await findCampaignRow(trx, shop.id, id);
    if (!row) throw new EncoreError("campaign_not_found", `no campaign ${id}`);
    await deleteCampaignRow(trx, shop.id, id);
    await recordAudit(
      trx,
      shop.id,
      source,
      { action: "campaign.delete", target: { kind: "campaign", id }, before: toCampaignView(row), after: null },
      now,
    );
  });
  await announceCampaign(ctx, shop);
}

/** Tells every room of the shop what the banner shows now, after a change. */
export async function announceCampaign(ctx: Context, shop: Shop): Promise<void> {
  const { db } = ctx.store;
  const run = await campaignNow(db, shop, ctx.clock.now());
  for (const room of await listRooms(db, shop.id)) ctx.notifier.toRoom(room.id, ServerEvent.campaign, run);
}
