import type { Dialect } from "./database.js";
import { type Executor, lockRows } from "./executor.js";
import { fixedSql } from "./fixed-sql.js";
import type { LedgerRow, NewLedgerRow, ViewerRow } from "./schema.js";

export interface ViewerProfile {
  name?: string | undefined;
  birthday?: string | undefined;
  /** signed in with a host token: marked once, and never unmarked by a viewer token */
  host?: boolean;
}

/**
 * Viewer ids belong to the shop: the first time we hear of one, it exists. What the token says
 * of them (name, birthday, host) is written over what was known, in the same statement: a join
 * makes one write, not two.
 */
export async function ensureViewer(
  db: Executor,
  shopId: string,
  viewerId: string,
  profile: ViewerProfile,
  now: number,
): Promise<void> {
  const changes: { name?: string; birthday?: string; is_host?: number } = {};
  if (profile.name) changes.name = profile.name;
  if (profile.birthday) changes.birthday = profile.birthday;
  if (profile.host) changes.is_host = 1;
  await db
    .insertInto("viewers")
    .values({
      shop_id: shopId,
      viewer_id: viewerId,
      name: profile.name ?? null,
      birthday: profile.birthday ?? null,
      points: 0,
      growth: 0,
      created_at: now,
      is_host: profile.host ? 1 : 0,
    })
    .onConflict((oc) => {
      const conflict = oc.columns(["shop_id", "viewer_id"]);
      return Object.keys(changes).length > 0 ? conflict.doUpdateSet(changes) : conflict.doNothing();
    })
    .execute();
}

export async function findViewer(
  db: Executor,
  shopId: string,
  viewerId: string,
  lock?: Dialect,
): Promise<ViewerRow | undefined> {
  const query = db.selectFrom("viewers").selectAll().where("shop_id", "=", shopId).where("viewer_id", "=", viewerId);
  return (lock ? lockRows(query, lock) : query).executeTakeFirst();
}

export async function setBalance(
  db: Executor,
  shopId: string,
  viewerId: string,
  balance: { points: number; growth: number },
): Promise<void> {
  await db
    .updateTable("viewers")
    .set(balance)
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .execute();
}

export async function findLedgerEntry(db: Executor, shopId: string, key: string): Promise<LedgerRow | undefined> {
  return db
    .selectFrom("ledger")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
}

export async function insertLedgerEntry(db: Executor, entry: NewLedgerRow): Promise<number> {
  const row = await db.insertInto("ledger").values(entry).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function listLedger(db: Executor, shopId: string, viewerId: string, limit: number): Promise<LedgerRow[]> {
  return db
    .selectFrom("ledger")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("viewer_id", "=", viewerId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** One viewer a join records: what ensureViewer takes, for a group of joins at once. */
export interface ViewerArrivalWrite {
  shopId: string;
  viewerId: string;
  profile: ViewerProfile;
  now: number;
}

/** Rows one statement records at most (six parameters each, well within both databases' limits). */
export const VIEWER_WRITES_PER_STATEMENT = 100;

/**
 * ensureViewer for many viewers in one statement of fixed text (store/fixed-sql.ts), one text per
 * row count and dialect: a room arriving at once records its new viewers a group at a time rather
 * than each in a statement and commit of its own. The same rows and the same rule: a viewer who
 * exists already gets only what the token carries (name, birthday, host), and nothing at all when
 * it carries nothing. Each row is its own for the triggers (migration 0034's counts move per row).
 * The ids must be distinct: Postgres refuses to update one row twice in a statement.
 */
export async function ensureViewers(
  db: Executor,
  dialect: Dialect,
  writes: readonly ViewerArrivalWrite[],
): Promise<void> {
  if (writes.length === 0) return;
  const params: unknown[] = [];
  for (const { shopId, viewerId, profile, now } of writes) {
    // an empty name or birthday counts as none, as ensureViewer's `if (profile.name)` has it
    params.push(shopId, viewerId, profile.name || null, profile.birthday || null, now, profile.host ? 1 : 0);
  }
  await ensureViewersStatement(dialect, writes.length)(db, dialect, params);
}

const ensureViewersStatements = new Map<string, ReturnType<typeof fixedSql>>();

function ensureViewersStatement(dialect: Dialect, rows: number): ReturnType<typeof fixedSql> {
  const key = `${dialect}:${rows}`;
  let statement = ensureViewersStatements.get(key);
  if (!statement) {
    const higher = dialect === "postgres" ? "greatest" : "max";
    statement = fixedSql(`insert into viewers (shop_id, viewer_id, name, birthday, points, growth, created_at, is_host)
values ${Array.from({ length: rows }, () => "(?, ?, ?, ?, 0, 0, ?, ?)").join(", ")}
on conflict (shop_id, viewer_id) do update set
  name = coalesce(excluded.name, viewers.name),
  birthday = coalesce(excluded.birthday, viewers.birthday),
  is_host = ${higher}(excluded.is_host, viewers.is_host)
where excluded.name is not null or excluded.birthday is not null or excluded.is_host = 1`);
    ensureViewersStatements.set(key, statement);
  }
  return statement;
}
