import { addCouponCounts, countsOfNew, couponCountUpserts } from "./coupon-counts.js";
import type { Dialect } from "./database.js";
import { among, type Executor, lockRows } from "./executor.js";
import { toNumber } from "./numbers.js";
import type { CouponRow, CouponTemplateRow } from "./schema.js";

export async function insertTemplate(db: Executor, row: CouponTemplateRow): Promise<void> {
  await db.insertInto("coupon_templates").values(row).execute();
}

export async function findTemplate(db: Executor, shopId: string, id: string): Promise<CouponTemplateRow | undefined> {
  return db
    .selectFrom("coupon_templates")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function listTemplates(db: Executor, shopId: string): Promise<CouponTemplateRow[]> {
  return db
    .selectFrom("coupon_templates")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("active", "=", 1)
    .orderBy("created_at")
    .execute();
}

/** Every template of the shop, paused ones too, oldest first: the back office's list. */
export async function listAllTemplates(db: Executor, shopId: string): Promise<CouponTemplateRow[]> {
  return db.selectFrom("coupon_templates").selectAll().where("shop_id", "=", shopId).orderBy("created_at").execute();
}

/** What an edit, a pause or a resume may change of a template. */
export type TemplateChanges = Partial<
  Pick<CouponTemplateRow, "name" | "valid_days" | "min_tier" | "stock" | "per_viewer_limit" | "points_cost" | "active">
>;

/**
 * Changes a template. A new stock is only written while it is at least what has been issued
 * (checked again here, in the statement, against issues that landed since the template was read):
 * false when that no longer holds and nothing changed.
 */
export async function updateTemplate(
  db: Executor,
  shopId: string,
  id: string,
  changes: TemplateChanges,
): Promise<boolean> {
  const { stock } = changes;
  let query = db.updateTable("coupon_templates").set(changes).where("shop_id", "=", shopId).where("id", "=", id);
  if (typeof stock === "number") query = query.where("issued", "<=", stock);
  const result = await query.executeTakeFirst();
  return toNumber(result.numUpdatedRows) === 1;
}

/** How many coupons of each of the shop's templates were redeemed, by template id (none: absent). */
export async function countRedeemedByTemplate(db: Executor, shopId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("coupons")
    .select((eb) => ["template_id", eb.fn.countAll().as("n")])
    .where("shop_id", "=", shopId)
    .where("state", "=", "redeemed")
    .groupBy("template_id")
    .execute();
  return new Map(rows.map((row) => [row.template_id, toNumber(row.n)]));
}

/*
 * The coupon issuing path's statements as unexecuted queries, so a caller can send them together
 * with its own (store/together.ts): a claim batch reads and writes all it needs in a few statements.
 */

/**
 * The shop's templates among `ids`, locked on Postgres until the transaction ends: the stock,
 * the pause and what each viewer holds cannot change between the issuer's decision and its write.
 * In id order, so two issuers of the same templates lock them in the same order.
 */
export function templatesLockedQuery(db: Executor, dialect: Dialect, shopId: string, ids: readonly string[]) {
  return lockRows(
    db
      .selectFrom("coupon_templates")
      .selectAll()
      .where("shop_id", "=", shopId)
      .where(among(dialect, "id", ids))
      .orderBy("id"),
    dialect,
  );
}

/** The coupons already granted under any of these keys. */
export function couponsByGrantQuery(db: Executor, dialect: Dialect, shopId: string, grantKeys: readonly string[]) {
  return db
    .selectFrom("coupons")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where(among(dialect, "grant_key", grantKeys));
}

/**
 * How many coupons of each of these templates each of these viewers holds (none: no row). The
 * templates are the shop's own (`templatesLockedQuery` read them), and a template's coupons are
 * all of its shop: no shop term, which would lead SQLite's planner to scan the template's every
 * coupon instead of looking each viewer up in (template, viewer).
 */
export function couponsHeldQuery(
  db: Executor,
  dialect: Dialect,
  templateIds: readonly string[],
  viewerIds: readonly string[],
) {
  return db
    .selectFrom("coupons")
    .select((eb) => ["template_id", "viewer_id", eb.fn.countAll().as("n")])
    .where(among(dialect, "template_id", templateIds))
    .where(among(dialect, "viewer_id", viewerIds))
    .groupBy(["template_id", "viewer_id"]);
}

/** Counts `count` more issued of a template whose stock the caller checked under its lock. */
export function addIssuedQuery(db: Executor, templateId: string, count: number) {
  return db
    .updateTable("coupon_templates")
    .set((eb) => ({ issued: eb("issued", "+", count) }))
    .where("id", "=", templateId);
}

/**
 * The one way coupons are written: their inserts, a few hundred rows a statement, and the counts
 * per source (store/coupon-counts.ts) they move, for the caller's transaction.
 */
export function couponInserts(db: Executor, rows: CouponRow[]) {
  const inserts = [];
  for (let i = 0; i < rows.length; i += CHUNK) inserts.push(db.insertInto("coupons").values(rows.slice(i, i + CHUNK)));
  return [...inserts, ...couponCountUpserts(db, countsOfNew(rows))];
}

/** Rows per multi-row statement: well inside SQLite's and Postgres' bound-parameter limits. */
const CHUNK = 200;

/** The coupons already granted under any of these keys, by key. */
export async function findCouponsByGrant(
  db: Executor,
  shopId: string,
  grantKeys: string[],
): Promise<Map<string, CouponRow>> {
  const found = new Map<string, CouponRow>();
  for (let i = 0; i < grantKeys.length; i += CHUNK) {
    const rows = await db
      .selectFrom("coupons")
      .selectAll()
      .where("shop_id", "=", shopId)
      .where("grant_key", "in", grantKeys.slice(i, i + CHUNK))
      .execute();
    for (const row of rows) if (row.grant_key) found.set(row.grant_key, row);
  }
  return found;
}

export async function findCoupon(
  db: Executor,
  shopId: string,
  code: string,
  lock?: Dialect,
): Promise<CouponRow | undefined> {
  const query = db.selectFrom("coupons").selectAll().where("shop_id", "=", shopId).where("code", "=", code);
  return (lock ? lockRows(query, lock) : query).executeTakeFirst();
}

export async function countViewerCoupons(
  db: Executor,
  shopId: string,
  viewerId: string,
  templateId: string,
): Promise<number> {
  const row = await db
    .selectFrom("coupons")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .where("template_id", "=", templateId)
    .executeTakeFirstOrThrow();
  return toNumber(row.n);
}

export async function listViewerCoupons(
  db: Executor,
  shopId: string,
  viewerId: string,
  limit = 50,
): Promise<CouponRow[]> {
  return db
    .selectFrom("coupons")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .orderBy("issued_at", "desc")
    .limit(limit)
    .execute();
}

export async function updateCoupon(
  db: Executor,
  code: string,
  changes: Partial<Pick<CouponRow, "state" | "redeemed_at" | "redeemed_order" | "discount">>,
): Promise<void> {
  // a change of state that redeems or un-redeems moves the redeemed count of the coupon's source
  const was =
    changes.state === undefined
      ? undefined
      : await db
          .selectFrom("coupons")
          .select(["shop_id", "source", "state"])
          .where("code", "=", code)
          .executeTakeFirst();
  await db.updateTable("coupons").set(changes).where("code", "=", code).execute();
  if (was && changes.state !== undefined) {
    const redeemed = (changes.state === "redeemed" ? 1 : 0) - (was.state === "redeemed" ? 1 : 0);
    if (redeemed !== 0)
      await addCouponCounts(db, [{ shop_id: was.shop_id, source: was.source, code, issued: 0, redeemed }]);
  }
}
