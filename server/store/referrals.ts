import { sql } from "kysely";
import type { Dialect } from "./database.js";
import { type Executor, lockRows } from "./executor.js";
import { type Numeric, numeric, toNumber } from "./numbers.js";
import type { ReferralCodeRow, ReferralRow } from "./schema.js";

/** Invite codes and invited viewers (migration 0025). */

export async function findCodeOf(db: Executor, shopId: string, viewerId: string): Promise<ReferralCodeRow | undefined> {
  return db
    .selectFrom("referral_codes")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .executeTakeFirst();
}

/** Keeps the viewer's first code: a second card opened at the same moment gets the same one. */
export async function insertCode(db: Executor, row: ReferralCodeRow): Promise<void> {
  await db
    .insertInto("referral_codes")
    .values(row)
    .onConflict((oc) => oc.columns(["shop_id", "viewer_id"]).doNothing())
    .execute();
}

export async function findCode(db: Executor, code: string): Promise<ReferralCodeRow | undefined> {
  return db.selectFrom("referral_codes").selectAll().where("code", "=", code).executeTakeFirst();
}

export async function findReferral(
  db: Executor,
  shopId: string,
  inviteeId: string,
  lock?: Dialect,
): Promise<ReferralRow | undefined> {
  const query = db
    .selectFrom("referrals")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("invitee_id", "=", inviteeId);
  return (lock ? lockRows(query, lock) : query).executeTakeFirst();
}

export async function insertReferral(db: Executor, row: ReferralRow): Promise<void> {
  await db.insertInto("referrals").values(row).execute();
}

/** Invitees the inviter brought in during one month of the shop's zone. */
export async function countInvitedInMonth(
  db: Executor,
  shopId: string,
  inviterId: string,
  month: string,
): Promise<number> {
  const row = await db
    .selectFrom("referrals")
    .select(sql<Numeric>`cast(count(*) as bigint)`.as("n"))
    .where("shop_id", "=", shopId)
    .where("inviter_id", "=", inviterId)
    .where("month", "=", month)
    .executeTakeFirst();
  return toNumber(row?.n);
}

/**
 * Whether the viewer has done anything in this shop: a ledger entry (watch points, a chest, an
 * order, an import…), an order, or any verified watch time. A viewer row alone (a join) is not activity.
 */
export async function hasActivity(db: Executor, shopId: string, viewerId: string): Promise<boolean> {
  const [ledger, order, watch] = await Promise.all([
    db
      .selectFrom("ledger")
      .select("id")
      .where("shop_id", "=", shopId)
      .where("viewer_id", "=", viewerId)
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom("orders")
      .select("order_id")
      .where("shop_id", "=", shopId)
      .where("viewer_id", "=", viewerId)
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom("watch_state")
      .select("total_ms")
      .where("shop_id", "=", shopId)
      .where("viewer_id", "=", viewerId)
      .where("total_ms", ">", 0)
      .executeTakeFirst(),
  ]);
  return ledger !== undefined || order !== undefined || watch !== undefined;
}

/** Sets the completion once: true only for the call that set it. */
export async function markCompleted(db: Executor, shopId: string, inviteeId: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable("referrals")
    .set({ completed_at: at })
    .where("shop_id", "=", shopId)
    .where("invitee_id", "=", inviteeId)
    .where("completed_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markFirstOrder(db: Executor, shopId: string, inviteeId: string, at: number): Promise<void> {
  await db
    .updateTable("referrals")
    .set({ first_order_at: at })
    .where("shop_id", "=", shopId)
    .where("invitee_id", "=", inviteeId)
    .where("first_order_at", "is", null)
    .execute();
}

/** What one inviter's code brought in: invitees who joined, and those who completed. */
export async function inviterCounts(
  db: Executor,
  shopId: string,
  inviterId: string,
): Promise<{ joined: number; completed: number }> {
  const row = await db
    .selectFrom("referrals")
    .select([
      sql<Numeric>`cast(count(*) as bigint)`.as("joined"),
      sql<Numeric>`cast(count(completed_at) as bigint)`.as("completed"),
    ])
    .where("shop_id", "=", shopId)
    .where("inviter_id", "=", inviterId)
    .executeTakeFirst();
  return numeric(row ?? {}, "joined", "completed");
}

/** The dashboard's funnel: codes handed out, invitees who joined, completed, and ordered. */
export async function referralFunnel(
  db: Executor,
  shopId: string,
): Promise<{ invites: number; joins: number; qualified: number; firstOrders: number }> {
  const [codes, referrals] = await Promise.all([
    db
      .selectFrom("referral_codes")
      .select(sql<Numeric>`cast(count(*) as bigint)`.as("invites"))
      .where("shop_id", "=", shopId)
      .executeTakeFirst(),
    db
      .selectFrom("referrals")
      .select([
        sql<Numeric>`cast(count(*) as bigint)`.as("joins"),
        sql<Numeric>`cast(count(completed_at) as bigint)`.as("qualified"),
        sql<Numeric>`cast(count(first_order_at) as bigint)`.as("firstOrders"),
      ])
      .where("shop_id", "=", shopId)
      .executeTakeFirst(),
  ]);
  return { ...numeric(codes ?? {}, "invites"), ...numeric(referrals ?? {}, "joins", "qualified", "firstOrders") };
}

/** Every referral the viewer is in, as inviter or invitee: what their data export holds. */
export async function referralsOf(db: Executor, shopId: string, viewerId: string): Promise<ReferralRow[]> {
  return db
    .selectFrom("referrals")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where((eb) => eb.or([eb("inviter_id", "=", viewerId), eb("invitee_id", "=", viewerId)]))
    .orderBy("joined_at")
    .execute();
}

/**
 * An erased viewer's id out of the referrals and out of the other side's rewards, which name the
 * invitee (ledger ref and key, coupon source and grant key): answers how many referrals it was in.
 */
export async function rekeyReferrals(
  db: Executor,
  shopId: string,
  from: string,
  to: string,
  rekey: (text: string) => string,
): Promise<number> {
  const asInviter = await db
    .updateTable("referrals")
    .set({ inviter_id: to })
    .where("shop_id", "=", shopId)
    .where("inviter_id", "=", from)
    .executeTakeFirst();
  const asInvitee = await db
    .updateTable("referrals")
    .set({ invitee_id: to })
    .where("shop_id", "=", shopId)
    .where("invitee_id", "=", from)
    .executeTakeFirst();
  const entries = await db
    .selectFrom("ledger")
    .select(["id", "idempotency_key"])
    .where("shop_id", "=", shopId)
    .where("reason", "=", "referral")
    .where("ref", "=", from)
    .execute();
  for (const entry of entries) {
    await db
      .updateTable("ledger")
      .set({ ref: to, idempotency_key: rekey(entry.idempotency_key) })
      .where("id", "=", entry.id)
      .execute();
  }
  const coupons = await db
    .selectFrom("coupons")
    .select(["code", "grant_key"])
    .where("shop_id", "=", shopId)
    .where("source", "=", "referral")
    .where("source_ref", "=", from)
    .execute();
  for (const coupon of coupons) {
    await db
      .updateTable("coupons")
      .set({ source_ref: to, grant_key: rekey(coupon.grant_key) })
      .where("code", "=", coupon.code)
      .execute();
  }
  return Number(asInviter.numUpdatedRows) + Number(asInvitee.numUpdatedRows);
}
