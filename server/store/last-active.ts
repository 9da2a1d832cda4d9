import { type Kysely, sql } from "kysely";
import type { Dialect } from "./database.js";
import type { Executor } from "./executor.js";
import { type Numeric, toNumber } from "./numbers.js";

/**
 * Members per shop per UTC day of their last activity (migration 0034): the last credited watch
 * (`watch_state.updated_at`), or arrival (`viewers.created_at`) for one who never watched; hosts
 * are not members. Dormancy at any cutoff is then a sum over day rows plus the one partial day
 * counted directly, where it was the whole audience less the recent side.
 *
 * The database keeps the rows itself, with triggers on `viewers` and `watch_state`, so every path
 * that writes those tables moves them in its own transaction: joins, beats, the orders and imports
 * that bring a viewer into being, a host token, erasure's re-keying, the bulk seeder. A beat fires
 * its trigger only when the day of `updated_at` changes (the trigger's WHEN clause): once per
 * viewer per day; every other beat runs no statement more. Each change goes to one of
 * LAST_ACTIVE_SHARDS rows of its day, at random, so viewers crossing midnight together rarely wait
 * on one row on Postgres; a shard may go negative, only a day's sum means anything.
 */
export const LAST_ACTIVE_SHARDS = 8;
export const LAST_ACTIVE_DAY_MS = 24 * 3600_000;
const DAY = LAST_ACTIVE_DAY_MS;

export const LAST_ACTIVE_TRIGGERS = [
  ["viewers", "last_active_viewer_in"],
  ["viewers", "last_active_viewer_out"],
  ["viewers", "last_active_viewer_change"],
  ["watch_state", "last_active_watch_in"],
  ["watch_state", "last_active_watch_out"],
  ["watch_state", "last_active_watch_day"],
  ["watch_state", "last_active_watch_rekey"],
] as const;

/** The instant viewer row `v` was last active: its watch row's, or its own arrival. */
const lastAt = (v: string) => `coalesce((select w.updated_at from watch_state w
  where w.shop_id = ${v}.shop_id and w.viewer_id = ${v}.viewer_id), ${v}.created_at)`;

/** SQLite: moves the day of `at` in `shop` by `delta` for each row `rest` (from … where …) selects. */
const move = (shop: string, at: string, delta: number, rest: string) => `
  insert into last_active_days (shop_id, day, shard, members)
  select ${shop}, (${at}) / ${DAY}, random() & ${LAST_ACTIVE_SHARDS - 1}, ${delta} ${rest}
  on conflict (shop_id, day, shard) do update set members = last_active_days.members + excluded.members;`;

/** The member (not host) a watch row `o` belongs to, as `v`. */
const memberOf = (o: "old" | "new") =>
  `from viewers v where v.shop_id = ${o}.shop_id and v.viewer_id = ${o}.viewer_id and v.is_host = 0`;

const SQLITE_TRIGGERS = [
  `create trigger last_active_viewer_in after insert on viewers when new.is_host = 0 begin
    ${move("new.shop_id", lastAt("new"), 1, "where true")}
  end`,
  `create trigger last_active_viewer_out after delete on viewers when old.is_host = 0 begin
    ${move("old.shop_id", lastAt("old"), -1, "where true")}
  end`,
  `create trigger last_active_viewer_change after update of is_host, created_at on viewers
    when old.is_host <> new.is_host or old.created_at <> new.created_at begin
    ${move("old.shop_id", lastAt("old"), -1, "where old.is_host = 0")}
    ${move("new.shop_id", lastAt("new"), 1, "where new.is_host = 0")}
  end`,
  // a first watch moves the member from the day they arrived to the day they watched
  `create trigger last_active_watch_in after insert on watch_state begin
    ${move("v.shop_id", "v.created_at", -1, memberOf("new"))}
    ${move("v.shop_id", "new.updated_at", 1, memberOf("new"))}
  end`,
  `create trigger last_active_watch_out after delete on watch_state begin
    ${move("v.shop_id", "old.updated_at", -1, memberOf("old"))}
    ${move("v.shop_id", "v.created_at", 1, memberOf("old"))}
  end`,
  // the beat: only when the day changes
  `create trigger last_active_watch_day after update of updated_at on watch_state
    when old.shop_id = new.shop_id and old.viewer_id = new.viewer_id
      and old.updated_at / ${DAY} <> new.updated_at / ${DAY} begin
    ${move("v.shop_id", "old.updated_at", -1, memberOf("new"))}
    ${move("v.shop_id", "new.updated_at", 1, memberOf("new"))}
  end`,
  // erasure re-keys the row: the old id is left with its arrival, the new one takes the watch
  `create trigger last_active_watch_rekey after update of shop_id, viewer_id on watch_state
    when old.shop_id <> new.shop_id or old.viewer_id <> new.viewer_id begin
    ${move("v.shop_id", "old.updated_at", -1, memberOf("old"))}
    ${move("v.shop_id", "v.created_at", 1, memberOf("old"))}
    ${move("v.shop_id", "v.created_at", -1, memberOf("new"))}
    ${move("v.shop_id", "new.updated_at", 1, memberOf("new"))}
  end`,
];

const POSTGRES_FUNCTIONS = [
  `create or replace function last_active_move(p_shop text, p_at bigint, p_delta integer) returns void
  language sql as $$
    insert into last_active_days (shop_id, day, shard, members)
    values (p_shop, p_at / ${DAY}, floor(random() * ${LAST_ACTIVE_SHARDS})::integer, p_delta)
    on conflict (shop_id, day, shard) do update set members = last_active_days.members + excluded.members
  $$`,
  `create or replace function last_active_viewers() returns trigger language plpgsql as $$
  begin
    if tg_op <> 'INSERT' and old.is_host = 0 then
      perform last_active_move(old.shop_id, ${lastAt("old")}, -1);
    end if;
    if tg_op <> 'DELETE' and new.is_host = 0 then
      perform last_active_move(new.shop_id, ${lastAt("new")}, 1);
    end if;
    return null;
  end $$`,
  `create or replace function last_active_watch() returns trigger language plpgsql as $$
  declare
    arrived bigint;
  begin
    if tg_op = 'UPDATE' and old.shop_id = new.shop_id and old.viewer_id = new.viewer_id then
      -- the beat's day change (the trigger's WHEN clause): nothing for a host
      perform 1 from viewers v where v.shop_id = new.shop_id and v.viewer_id = new.viewer_id and v.is_host = 0;
      if found then
        perform last_active_move(new.shop_id, old.updated_at, -1);
        perform last_active_move(new.shop_id, new.updated_at, 1);
      end if;
      return null;
    end if;
    if tg_op <> 'INSERT' then
      select v.created_at into arrived from viewers v
        where v.shop_id = old.shop_id and v.viewer_id = old.viewer_id and v.is_host = 0;
      if found then
        perform last_active_move(old.shop_id, old.updated_at, -1);
        perform last_active_move(old.shop_id, arrived, 1);
      end if;
    end if;
    if tg_op <> 'DELETE' then
      select v.created_at into arrived from viewers v
        where v.shop_id = new.shop_id and v.viewer_id = new.viewer_id and v.is_host = 0;
      if found then
        perform last_active_move(new.shop_id, arrived, -1);
        perform last_active_move(new.shop_id, new.updated_at, 1);
      end if;
    end if;
    return null;
  end $$`,
];

const POSTGRES_TRIGGERS = [
  `create trigger last_active_viewer_in after insert on viewers for each row
    execute function last_active_viewers()`,
  `create trigger last_active_viewer_out after delete on viewers for each row
    execute function last_active_viewers()`,
  `create trigger last_active_viewer_change after update of is_host, created_at on viewers for each row
    when (old.is_host <> new.is_host or old.created_at <> new.created_at) execute function last_active_viewers()`,
  `create trigger last_active_watch_in after insert on watch_state for each row execute function last_active_watch()`,
  `create trigger last_active_watch_out after delete on watch_state for each row execute function last_active_watch()`,
  `create trigger last_active_watch_day after update of updated_at on watch_state for each row
    when (old.shop_id = new.shop_id and old.viewer_id = new.viewer_id
      and old.updated_at / ${DAY} <> new.updated_at / ${DAY}) execute function last_active_watch()`,
  `create trigger last_active_watch_rekey after update of shop_id, viewer_id on watch_state for each row
    when (old.shop_id <> new.shop_id or old.viewer_id <> new.viewer_id) execute function last_active_watch()`,
];

/** Makes the triggers that keep last_active_days (the migration, and the bulk seeder after its load). */
export async function createLastActiveTriggers(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const statements = dialect === "postgres" ? [...POSTGRES_FUNCTIONS, ...POSTGRES_TRIGGERS] : SQLITE_TRIGGERS;
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Drops them: a bulk load writes millions of rows without them and rebuilds the days once after. */
export async function dropLastActiveTriggers(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  for (const [table, name] of LAST_ACTIVE_TRIGGERS) {
    await sql.raw(`drop trigger if exists ${name}${dialect === "postgres" ? ` on ${table}` : ""}`).execute(db);
  }
}

/** The days of every shop (or one) made again from the viewers and their watch rows, set-based. */
export async function rebuildLastActive(db: Kysely<unknown>, shopId?: string): Promise<void> {
  const only = shopId === undefined ? sql`` : sql`and v.shop_id = ${shopId}`;
  await sql`delete from last_active_days where ${shopId === undefined ? sql`1 = 1` : sql`shop_id = ${shopId}`}`.execute(
    db,
  );
  await sql`
    insert into last_active_days (shop_id, day, shard, members)
    select v.shop_id, coalesce(w.updated_at, v.created_at) / ${sql.lit(DAY)}, 0, count(*)
    from viewers v left join watch_state w on w.shop_id = v.shop_id and w.viewer_id = v.viewer_id
    where v.is_host = 0 ${only}
    group by v.shop_id, coalesce(w.updated_at, v.created_at) / ${sql.lit(DAY)}`.execute(db);
}

/** Each day's members, summed over its shards, leaving out days that sum to none: what the test compares. */
export async function lastActiveDays(db: Executor, shopId: string): Promise<{ day: number; members: number }[]> {
  const rows = await db
    .selectFrom("last_active_days")
    .select(["day", sql<Numeric>`cast(sum(members) as bigint)`.as("members")])
    .where("shop_id", "=", shopId)
    .groupBy("day")
    .orderBy("day")
    .execute();
  return rows.map((r) => ({ day: toNumber(r.day), members: toNumber(r.members) })).filter((r) => r.members !== 0);
}

/**
 * Members (not hosts) last active at or before `cutoff`: the whole days before the cutoff's day
 * from their rows, and the cutoff's own day up to the cutoff counted from the two indexes that
 * hold it (watch rows by their time, less the hosts'; viewers who never watched by their arrival):
 * a day's share of the audience, where the old count read all of it.
 */
export async function lastActiveAtOrBefore(db: Executor, shopId: string, cutoff: number): Promise<number> {
  const dayStart = Math.floor(cutoff / DAY) * DAY;
  const wholeDays = db
    .selectFrom("last_active_days")
    .select(sql<Numeric>`cast(coalesce(sum(members), 0) as bigint)`.as("n"))
    .where("shop_id", "=", shopId)
    .where("day", "<", dayStart / DAY);
  const watchedThatDay = db
    .selectFrom("watch_state")
    .select(sql<Numeric>`cast(count(*) as bigint)`.as("n"))
    .where("shop_id", "=", shopId)
    .where("updated_at", ">=", dayStart)
    .where("updated_at", "<=", cutoff);
  // hosts first, then their watch rows (few), taken back out: the watch rows' count needs no
  // lookup of each viewer. A cross join fixes that order on SQLite; Postgres plans the inner join it is
  const hostsWatchedThatDay = db
    .selectFrom("viewers as v")
    .crossJoin("watch_state as w")
    .select(sql<Numeric>`cast(count(*) as bigint)`.as("n"))
    .where("v.shop_id", "=", shopId)
    .where("v.is_host", "=", 1)
    .whereRef("w.shop_id", "=", "v.shop_id")
    .whereRef("w.viewer_id", "=", "v.viewer_id")
    .where("w.updated_at", ">=", dayStart)
    .where("w.updated_at", "<=", cutoff);
  const arrivedThatDay = db
    .selectFrom("viewers as v")
    .select(sql<Numeric>`cast(count(*) as bigint)`.as("n"))
    .where("v.shop_id", "=", shopId)
    .where("v.created_at", ">=", dayStart)
    .where("v.created_at", "<=", cutoff)
    .where("v.is_host", "=", 0)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("watch_state as w")
            .select("w.viewer_id")
            .whereRef("w.shop_id", "=", "v.shop_id")
            .whereRef("w.viewer_id", "=", "v.viewer_id"),
        ),
      ),
    );
  const [days, watched, hosts, arrived] = await Promise.all(
    [wholeDays, watchedThatDay, hostsWatchedThatDay, arrivedThatDay].map((q) => q.executeTakeFirstOrThrow()),
  );
  return toNumber(days?.n) + toNumber(watched?.n) - toNumber(hosts?.n) + toNumber(arrived?.n);
}
