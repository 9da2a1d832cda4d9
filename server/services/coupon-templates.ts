import {
  type CouponTemplate,
  type CouponTemplatePatch,
  EncoreError,
  type ShopConfig,
  type TemplateCounts,
} from "../../protocol/index.js";
import { toTemplate } from "../adapters.js";
import { copyName, templatePatchProblems } from "../domain/templates.js";
import {
  countRedeemedByTemplate,
  findTemplate,
  insertTemplate,
  listAllTemplates,
  type TemplateChanges,
  updateTemplate,
} from "../store/coupons.js";
import type { Executor } from "../store/executor.js";
import type { CouponTemplateRow } from "../store/schema.js";
import { type ChangeSource, recordAudit } from "./audit.js";
import type { Context } from "./context.js";
import { newTemplateId } from "./coupons.js";

// The back office's side of coupon templates: edit, pause, resume, clone, and the counts per row.

/** Another shop's template is, from this shop's side, one that does not exist. */
async function requireOwn(trx: Executor, shopId: string, id: string): Promise<CouponTemplateRow> {
  const row = await findTemplate(trx, shopId, id);
  if (!row) throw new EncoreError("template_not_found", `no coupon template ${id}`);
  return row;
}

function rowChanges(patch: CouponTemplatePatch): TemplateChanges {
  const changes: TemplateChanges = {};
  if (patch.name !== undefined) changes.name = JSON.stringify(patch.name);
  if (patch.validDays !== undefined) changes.valid_days = patch.validDays;
  if (patch.minTier !== undefined) changes.min_tier = patch.minTier;
  if (patch.stock !== undefined) changes.stock = patch.stock;
  if (patch.perViewerLimit !== undefined) changes.per_viewer_limit = patch.perViewerLimit;
  if (patch.pointsCost !== undefined) changes.points_cost = patch.pointsCost;
  return changes;
}

const sameTemplate = (a: CouponTemplate, b: CouponTemplate) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Edits what a template may change once coupons exist; each change applies to coupons issued
 * from then on. A field that cannot apply is refused by name and nothing changes; an edit that
 * changes nothing writes nothing (and no audit entry).
 */
export async function editTemplate(
  ctx: Context,
  shopId: string,
  config: ShopConfig,
  id: string,
  patch: CouponTemplatePatch,
  source: ChangeSource,
): Promise<CouponTemplate> {
  const now = ctx.clock.now();
  return ctx.store.db.transaction().execute(async (trx) => {
    const row = await requireOwn(trx, shopId, id);
    const fields = templatePatchProblems(patch, config.tiers, row.issued);
    if (fields.length > 0) {
      throw new EncoreError("bad_request", fields.map((f) => `${f.path}: ${f.message}`).join("; "), fields);
    }
    const changes = rowChanges(patch);
    const before = toTemplate(row);
    const after = toTemplate({ ...row, ...changes });
    if (sameTemplate(before, after)) return before;
    if (!(await updateTemplate(trx, shopId, id, changes))) {
      // coupons were issued between the read and the write, past the new stock
      const { issued } = await requireOwn(trx, shopId, id);
      const field = { path: "stock", message: `${issued} already issued: the stock cannot be less` };
      throw new EncoreError("bad_request", `stock: ${field.message}`, [field]);
    }
    const stored = toTemplate(await requireOwn(trx, shopId, id));
    await recordAudit(
      trx,
      shopId,
      source,
      { action: "template.update", target: { kind: "template", id }, before, after: stored },
      now,
    );
    return stored;
  });
}

/**
 * Pauses or resumes a template. A paused template issues nothing anywhere (deals, automations,
 * exchange, first-order and birthday gifts, grants by hand); coupons already issued stay valid.
 * Pausing a paused template changes nothing and records nothing.
 */
export async function setTemplatePaused(
  ctx: Context,
  shopId: string,
  id: string,
  paused: boolean,
  source: ChangeSource,
): Promise<CouponTemplate> {
  const now = ctx.clock.now();
  return ctx.store.db.transaction().execute(async (trx) => {
    const row = await requireOwn(trx, shopId, id);
    const active = paused ? 0 : 1;
    if (row.active === active) return toTemplate(row);
    await updateTemplate(trx, shopId, id, { active });
    const after = toTemplate({ ...row, active });
    await recordAudit(
      trx,
      shopId,
      source,
      {
        action: paused ? "template.pause" : "template.resume",
        target: { kind: "template", id },
        before: toTemplate(row),
        after,
      },
      now,
    );
    return after;
  });
}

/**
 * A new template with the same terms, paused (so it issues nothing until the owner has looked
 * it over and resumed it), named as a copy, with nothing issued.
 */
export async function cloneTemplate(
  ctx: Context,
  shopId: string,
  id: string,
  source: ChangeSource,
): Promise<CouponTemplate> {
  const now = ctx.clock.now();
  return ctx.store.db.transaction().execute(async (trx) => {
    const original = await requireOwn(trx, shopId, id);
    const row: CouponTemplateRow = {
      ...original,
      id: newTemplateId(),
      name: JSON.stringify(copyName(JSON.parse(original.name))),
      issued: 0,
      active: 0,
      created_at: now,
    };
    await insertTemplate(trx, row);
    const copy = toTemplate(row);
    await recordAudit(
      trx,
      shopId,
      source,
      {
        action: "template.clone",
        target: { kind: "template", id: row.id },
        before: null,
        after: { ...copy, clonedFrom: id },
      },
      now,
    );
    return copy;
  });
}

/** Every template of the shop, paused ones too, with its stock left and its issued and redeemed counts. */
export async function templateCounts(ctx: Context, shopId: string): Promise<TemplateCounts[]> {
  const { db } = ctx.store;
  const [rows, redeemed] = await Promise.all([listAllTemplates(db, shopId), countRedeemedByTemplate(db, shopId)]);
  return rows.map((row) => ({
    ...toTemplate(row),
    redeemed: redeemed.get(row.id) ?? 0,
    remaining: row.stock === null ? null : Math.max(0, row.stock - row.issued),
  }));
}
