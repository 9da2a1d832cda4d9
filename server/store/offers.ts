import type { Dialect } from "./database.js";
import { among, type Executor, lockRows } from "./executor.js";
import { type Numeric, toNumber } from "./numbers.js";
import type { MuteRow, OfferDrawRow, OfferEntryRow, OfferRow } from "./schema.js";

/** Rows per multi-row insert: well under SQLite's and Postgres's bound-parameter limits. */
const CHUNK = 500;

export async function insertOffer(db: Executor, row: OfferRow): Promise<void> {
  await db.insertInto("offers").values(row).execute();
}

export async function findOffer(db: Executor, shopId: string, id: string): Promise<OfferRow | undefined> {
  return db.selectFrom("offers").selectAll().where("shop_id", "=", shopId).where("id", "=", id).executeTakeFirst();
}

/** The room's most recent offer, live or over. */
export async function latestOffer(db: Executor, roomId: string): Promise<OfferRow | undefined> {
  return db
    .selectFrom("offers")
    .selectAll()
    .where("room_id", "=", roomId)
    .orderBy("started_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** The id and status of the room's most recent offer: enough to tell whether a cache is stale. */
export async function latestOfferHead(
  db: Executor,
  roomId: string,
): Promise<Pick<OfferRow, "id" | "status"> | undefined> {
  return db
    .selectFrom("offers")
    .select(["id", "status"])
    .where("room_id", "=", roomId)
    .orderBy("started_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * The offer row locked for this transaction. Several nodes may take claims for one offer: the
 * row in the database, not any node's memory, says how much stock is left and whether it is live.
 */
export async function lockOffer(db: Executor, id: string, dialect: Dialect): Promise<OfferRow | undefined> {
  return lockOfferQuery(db, id, dialect).executeTakeFirst();
}

/*
 * A claim batch's statements as unexecuted queries, sent with others (store/together.ts) so the
 * batch costs Postgres a few round trips however many claims it holds.
 */

/** `lockOffer` as a query. */
export function lockOfferQuery(db: Executor, id: string, dialect: Dialect) {
  return lockRows(db.selectFrom("offers").selectAll().where("id", "=", id), dialect);
}

/** The viewers among these with an entry in the offer, through whichever node. */
export function enteredQuery(db: Executor, dialect: Dialect, offerId: string, viewerIds: readonly string[]) {
  return db
    .selectFrom("offer_entries")
    .select("viewer_id")
    .where("offer_id", "=", offerId)
    .where(among(dialect, "viewer_id", viewerIds));
}

/** The offer's last arrival number (null before its first entry). */
export function lastEntrySeqQuery(db: Executor, offerId: string) {
  return db
    .selectFrom("offer_entries")
    .select((eb) => eb.fn.max("seq").as("last"))
    .where("offer_id", "=", offerId);
}

/** The growth of these viewers (a viewer the shop has not met has no row). */
export function growthQuery(db: Executor, dialect: Dialect, shopId: string, viewerIds: readonly string[]) {
  return db
    .selectFrom("viewers")
    .select(["viewer_id", "growth"])
    .where("shop_id", "=", shopId)
    .where(among(dialect, "viewer_id", viewerIds));
}

/** `insertEntries`' statements. */
export function entryInserts(db: Executor, rows: OfferEntryRow[]) {
  const inserts = [];
  for (let i = 0; i < rows.length; i += CHUNK)
    inserts.push(db.insertInto("offer_entries").values(rows.slice(i, i + CHUNK)));
  return inserts;
}

/** `updateOffer`'s statement. */
export function updateOfferQuery(
  db: Executor,
  id: string,
  changes: Partial<Pick<OfferRow, "status" | "claimed" | "ended_at" | "sold_out_at">>,
) {
  return db.updateTable("offers").set(changes).where("id", "=", id);
}

export async function liveOffer(db: Executor, roomId: string): Promise<OfferRow | undefined> {
  return db
    .selectFrom("offers")
    .selectAll()
    .where("room_id", "=", roomId)
    .where("status", "=", "live")
    .executeTakeFirst();
}

/** Every live offer, whichever node started it. */
export async function liveOffers(db: Executor): Promise<Pick<OfferRow, "id" | "room_id">[]> {
  return db.selectFrom("offers").select(["id", "room_id"]).where("status", "=", "live").execute();
}

/**
 * Ends the offer if it is still live, and says whether this call did. Nodes racing to end one
 * offer all send this; the database lets exactly one of them match.
 */
export async function endIfLive(db: Executor, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable("offers")
    .set({ status: "ended", ended_at: now })
    .where("id", "=", id)
    .where("status", "=", "live")
    .executeTakeFirst();
  return toNumber(result.numUpdatedRows) > 0;
}

export async function updateOffer(
  db: Executor,
  id: string,
  changes: Partial<Pick<OfferRow, "status" | "claimed" | "ended_at" | "sold_out_at">>,
): Promise<void> {
  await db.updateTable("offers").set(changes).where("id", "=", id).execute();
}

export async function listEntries(db: Executor, offerId: string): Promise<OfferEntryRow[]> {
  return db.selectFrom("offer_entries").selectAll().where("offer_id", "=", offerId).orderBy("seq").execute();
}

export async function findEntry(db: Executor, offerId: string, viewerId: string): Promise<OfferEntryRow | undefined> {
  return db
    .selectFrom("offer_entries")
    .selectAll()
    .where("offer_id", "=", offerId)
    .where("viewer_id", "=", viewerId)
    .executeTakeFirst();
}

export async function markWon(
  db: Executor,
  offerId: string,
  viewerId: string,
  couponCode: string,
  now: number,
): Promise<void> {
  await db
    .updateTable("offer_entries")
    .set({ won: 1, coupon_code: couponCode, won_at: now })
    .where("offer_id", "=", offerId)
    .where("viewer_id", "=", viewerId)
    .execute();
}

export async function insertDraw(
  db: Executor,
  row: { offer_id: string; seed: string; entries: string; winners: string; drawn_at: number },
): Promise<void> {
  await db.insertInto("offer_draws").values(row).execute();
}

/** Growth of each viewer asked for, read in a few queries however many claims arrived together. */
export async function growthOf(db: Executor, shopId: string, viewerIds: string[]): Promise<Map<string, number>> {
  const growth = new Map<string, number>();
  for (let i = 0; i < viewerIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom("viewers")
      .select(["viewer_id", "growth"])
      .where("shop_id", "=", shopId)
      .where("viewer_id", "in", viewerIds.slice(i, i + CHUNK))
      .execute();
    for (const row of rows) growth.set(row.viewer_id, row.growth);
  }
  return growth;
}

/**
 * An offer's winners by entry order (oldest first, or newest first), named by their token or,
 * failing that, by the name the shop knows them by.
 */
export async function offerWinners(
  db: Executor,
  offerId: string,
  page: { offset: number; limit: number; newestFirst: boolean },
): Promise<{ viewer_id: string; name: string | null; won_at: number | null }[]> {
  return db
    .selectFrom("offer_entries as e")
    .leftJoin("viewers as v", (join) =>
      join.onRef("v.shop_id", "=", "e.shop_id").onRef("v.viewer_id", "=", "e.viewer_id"),
    )
    .select((eb) => ["e.viewer_id", eb.fn.coalesce("e.name", "v.name").as("name"), "e.won_at"])
    .where("e.offer_id", "=", offerId)
    .where("e.won", "=", 1)
    .orderBy("e.seq", page.newestFirst ? "desc" : "asc")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** Points given (never taken) in a shop since a moment: the host's "points issued this live". */
export async function pointsIssuedSince(db: Executor, shopId: string, since: number): Promise<number> {
  const row = await db
    .selectFrom("ledger")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<Numeric>("delta"), eb.lit(0)).as("total"))
    .where("shop_id", "=", shopId)
    .where("delta", ">", 0)
    .where("created_at", ">=", since)
    .executeTakeFirstOrThrow();
  return toNumber(row.total);
}

export async function listMutes(db: Executor, shopId: string): Promise<string[]> {
  const rows = await db.selectFrom("mutes").select("viewer_id").where("shop_id", "=", shopId).execute();
  return rows.map((r) => r.viewer_id);
}

/** Who muted a viewer: the actor as the audit log names them, and their name when known. */
export interface MuteAuthor {
  by: string;
  name: string | null;
}

/** Mutes a viewer; true when they were not muted before (a repeat keeps the first mute's author). */
export async function addMute(
  db: Executor,
  shopId: string,
  viewerId: string,
  author: MuteAuthor,
  now: number,
): Promise<boolean> {
  const result = await db
    .insertInto("mutes")
    .values({ shop_id: shopId, viewer_id: viewerId, muted_at: now, muted_by: author.by, muted_by_name: author.name })
    .onConflict((oc) => oc.columns(["shop_id", "viewer_id"]).doNothing())
    .executeTakeFirst();
  return toNumber(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Unmutes a viewer and answers the mute that was lifted, or undefined when there was none. */
export async function removeMute(db: Executor, shopId: string, viewerId: string): Promise<MuteRow | undefined> {
  const row = await findMute(db, shopId, viewerId);
  if (!row) return undefined;
  await db.deleteFrom("mutes").where("shop_id", "=", shopId).where("viewer_id", "=", viewerId).execute();
  return row;
}

export async function findMute(db: Executor, shopId: string, viewerId: string): Promise<MuteRow | undefined> {
  return db
    .selectFrom("mutes")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .executeTakeFirst();
}

/** The shop's mutes, newest first, with each viewer's name. */
export async function listMuteRows(
  db: Executor,
  shopId: string,
  limit: number,
): Promise<(MuteRow & { name: string | null })[]> {
  return db
    .selectFrom("mutes")
    .leftJoin("viewers", (join) =>
      join.onRef("viewers.shop_id", "=", "mutes.shop_id").onRef("viewers.viewer_id", "=", "mutes.viewer_id"),
    )
    .selectAll("mutes")
    .select("viewers.name")
    .where("mutes.shop_id", "=", shopId)
    .orderBy("mutes.muted_at", "desc")
    .orderBy("mutes.viewer_id")
    .limit(limit)
    .execute();
}

/** Going live stamps the start (for "points issued this live"); ending keeps it so the last live can still be read. */
export async function setRoomLive(db: Executor, roomId: string, live: boolean, now: number): Promise<void> {
  await db
    .updateTable("rooms")
    .set(live ? { live: 1, live_started_at: now } : { live: 0 })
    .where("id", "=", roomId)
    .execute();
}

/** An offer by its id alone, whichever shop's: the public draw record is looked up this way. */
export async function findOfferById(db: Executor, id: string): Promise<OfferRow | undefined> {
  return db.selectFrom("offers").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findDraw(db: Executor, offerId: string): Promise<OfferDrawRow | undefined> {
  return db.selectFrom("offer_draws").selectAll().where("offer_id", "=", offerId).executeTakeFirst();
}
