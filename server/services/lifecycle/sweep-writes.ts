import { EncoreError } from "../../../protocol/index.js";
import type { PointsExpiry } from "../../domain/lifecycle/points-expiry.js";
import type { Executor } from "../../store/executor.js";
import {
  cancelTouches,
  clearLifecycleMark,
  type NewTouch,
  putLifecycleMark,
  recordTouches,
  releaseLease,
  setLifecycleMark,
  takeLease,
} from "../../store/lifecycle.js";
import { changedAfter } from "../../store/lifecycle-candidates.js";
import type { LifecycleMark } from "../../store/schema.js";
import { findViewer } from "../../store/viewers.js";
import type { Context } from "../context.js";
import { announcePosted, postChange } from "../points.js";
import type { Shop } from "../shops.js";
import type { PlannedDowngrade } from "./facts.js";
import { BEHIND_PART_ROWS, PART_ROWS, planParts } from "./plan-parts.js";
import { type SegmentChanges, writeSegmentChanges } from "./segment-readings.js";
import { AlreadySent, announceSent, oncePerTouch, sendInTransaction, sendTouches, type TouchToSend } from "./send.js";
import { Slicer } from "./slicer.js";

/** An open touch to close, with its viewer (a plan is checked per viewer before it is written). */
export interface TouchToClose {
  id: string;
  viewerId: string;
}

/**
 * What a chunk's rules and budget decided, on facts read at `readAt`: plain data, so a sweep
 * thread can decide it and hand it to the server's thread to write.
 */
export interface ChunkPlan {
  /** the clock's moment just before the chunk's facts were read */
  readAt: number;
  segments: SegmentChanges;
  expire: PointsExpiry[];
  downgrade: PlannedDowngrade[];
  /** open touches whose moment passed while they waited */
  expired: TouchToClose[];
  /** open touches no rule asks for any more */
  gone: TouchToClose[];
  /** touches held out, deferred, held back or cancelled by the budget */
  record: NewTouch[];
  send: TouchToSend[];
}

/** A plan that writes nothing yet, for facts read at `readAt`: where a chunk's planning starts. */
export const emptyPlan = (readAt: number): ChunkPlan => ({
  readAt,
  segments: { entered: [], left: [], enteredData: [], leftData: [] },
  expire: [],
  downgrade: [],
  expired: [],
  gone: [],
  record: [],
  send: [],
});

/** What a sweep did, counted: per chunk written, and summed for the whole sweep (sweep.ts). */
export interface SweepCounts {
  sent: number;
  heldOut: number;
  heldBack: number;
  deferred: number;
  cancelled: number;
  expired: number;
  /** tier downgrades written once a tier window's grace ended */
  downgraded: number;
  /** viewers left for the next sweep: their facts changed after the plan's reading */
  postponed: number;
}

/** Every count at zero, where a chunk's or a sweep's counting starts. */
export const noCounts = (): SweepCounts => ({
  sent: 0,
  heldOut: 0,
  heldBack: 0,
  deferred: 0,
  cancelled: 0,
  expired: 0,
  downgraded: 0,
  postponed: 0,
});

/** Adds `from`'s counts to `into`'s: a chunk's parts into the chunk, a sweep's chunks into the sweep. */
export function addCounts(into: SweepCounts, from: SweepCounts): void {
  for (const key of Object.keys(noCounts()) as (keyof SweepCounts)[]) into[key] += from[key];
}

/** What writing a chunk's plan did. */
export interface ChunkWritten extends SweepCounts {
  /** with a lease renewal asked for: whether this node still holds the shop's lease */
  leased?: boolean;
}

/** The sweep's lease renewed in a chunk's transaction, saving a commit of its own per chunk. */
export interface LeaseRenewal {
  holder: string;
  now: number;
  until: number;
}

/**
 * Every write a sweep makes. A sweep on the server's thread writes them itself; a sweep in the
 * sweep thread reads and decides there and asks the server's thread for these, so on SQLite one
 * connection writes the file and no beat waits for another connection's lock.
 */
export interface SweepWrites {
  takeLease(shopId: string, holder: string, now: number, until: number): Promise<boolean>;
  releaseLease(shopId: string, holder: string): Promise<void>;
  /** `replace`: set it to `at` whatever it was; otherwise only when it is not set */
  mark(shopId: string, mark: LifecycleMark, at: number, replace: boolean): Promise<void>;
  clearMark(shopId: string, mark: LifecycleMark): Promise<void>;
  /** `behind`: the sweep planned this chunk before the last one was written (plan-parts.ts) */
  writeChunk(shop: Shop, plan: ChunkPlan, now: number, lease?: LeaseRenewal, behind?: boolean): Promise<ChunkWritten>;
}

/** The names a sweep thread asks the server's thread to run. */
export type SweepWriteName = keyof SweepWrites;

/** How a sweep's writes are cut up. */
export interface WriteOptions {
  /** the longest stretch of writing between turns of the event loop, in ms (0: a turn after every transaction) */
  sliceMs: number;
  /** touches sent per transaction when a part's sends must go in pieces (another run sent one first) */
  sendBatch: number;
  /** rows a transaction of a chunk's writes holds at most (plan-parts.ts; by default on SQLite PART_ROWS, or BEHIND_PART_ROWS for a chunk written behind; the whole chunk on Postgres) */
  partRows?: number;
}

/** Writes on the context's own store; what they tell viewers goes through its notifier. */
export function localWrites(ctx: Context, options: WriteOptions): SweepWrites {
  const { db } = ctx.store;
  return {
    takeLease: (shopId, holder, now, until) => takeLease(db, shopId, holder, now, until),
    releaseLease: (shopId, holder) => releaseLease(db, shopId, holder),
    mark: (shopId, mark, at, replace) =>
      replace ? putLifecycleMark(db, shopId, mark, at) : setLifecycleMark(db, shopId, mark, at),
    clearMark: (shopId, mark) => clearLifecycleMark(db, shopId, mark),
    writeChunk: (shop, plan, now, lease, behind) => writeChunk(ctx, shop, plan, now, options, lease, behind),
  };
}

/**
 * Writes a chunk's plan, on SQLite a part of a few viewers at a time (plan-parts.ts; on Postgres,
 * whose transactions hold no lock a beat waits for, the chunk is one part), each part in one
 * transaction: the stale-plan check, the segment changes, the touches closed and recorded, and
 * the sends (coupons through the one issuing path, touches, the outbox). Then, each in its own
 * transaction, the rare points expiries and tier downgrades (a ledger entry each, which may be
 * refused on its own). A part is the unit because every transaction is time a beat waits for: a
 * whole chunk's (up to 15 ms on SQLite) set the beats' p99 during a sweep, while a part's takes
 * a couple of milliseconds, and a turn of the event loop comes between parts. Parts rather than
 * a transaction per write: on SQLite the commit was about half of the server thread's time spent
 * on a sweep's writes.
 *
 * A plan may be written a while after its facts were read (by the server, after the sweep thread
 * decided it; or after a beat served between slices): a viewer who returned, bought, spent or
 * opted out meanwhile would get what their old facts asked for. So the viewers any fact of whom a
 * rule reads changed after `readAt` are left out of everything but the segment changes (which
 * the next reading diffs again) and left for the next sweep, which reads them as changed. The
 * check runs inside the transaction that writes, so nothing can change between the two on
 * SQLite (its transactions take the write lock first). A change at the reading's very moment was
 * read (`changedAfter` is strict), so a scripted clock that stands still postpones nothing.
 *
 * A send some other run got to first (`AlreadySent`) rolls the transaction back; the plan is then
 * written in parts, its sends a few to a transaction and one by one where one had gone.
 */
async function writeChunk(
  ctx: Context,
  shop: Shop,
  plan: ChunkPlan,
  now: number,
  options: WriteOptions,
  lease?: LeaseRenewal,
  behind = false,
): Promise<ChunkWritten> {
  const slices = new Slicer(options.sliceMs);
  // Postgres locks rows, not the database: a beat never waits for a sweep's transaction there
  const sqliteRows = behind ? BEHIND_PART_ROWS : PART_ROWS;
  const rows = options.partRows ?? (ctx.store.dialect === "sqlite" ? sqliteRows : Number.POSITIVE_INFINITY);
  const parts = planParts(plan, rows);
  const written: ChunkWritten = noCounts();
  for (const [i, part] of parts.entries()) {
    if (i > 0) await slices.pause();
    // the lease renewed with the last part: the chunk is written only when it commits
    const last = i === parts.length - 1;
    const wrote = await writePart(ctx, shop, part, now, options, slices, last ? lease : undefined);
    addCounts(written, wrote);
    if (wrote.leased !== undefined) written.leased = wrote.leased;
  }
  return written;
}

/** Writes one part of a chunk's plan (plan-parts.ts), as writeChunk says. */
async function writePart(
  ctx: Context,
  shop: Shop,
  plan: ChunkPlan,
  now: number,
  options: Pick<WriteOptions, "sendBatch">,
  slices: Slicer,
  lease?: LeaseRenewal,
): Promise<ChunkWritten> {
  const { db } = ctx.store;
  const written: ChunkWritten = noCounts();
  const planned = [
    ...new Set([
      ...plan.expire.map((e) => e.viewerId),
      ...plan.downgrade.map((d) => d.change.viewerId),
      ...plan.expired.map((t) => t.viewerId),
      ...plan.gone.map((t) => t.viewerId),
      ...plan.record.map((t) => t.viewer_id),
      ...plan.send.map((t) => t.due.viewerId),
    ]),
  ];
  /** the chunk's writes but the ledger's, in `trx`: the viewers postponed, and those sent (when `sending`) */
  const writeMost = async (trx: Executor, sending: boolean) => {
    const changed = await changedAfter(trx, shop.id, planned, plan.readAt);
    const kept = keptOf(plan, changed);
    await writeSegmentChanges(trx, shop.id, plan.segments, now);
    await cancelTouches(trx, shop.id, kept.expired, "expired", now);
    await cancelTouches(trx, shop.id, kept.gone, "no_longer_due", now);
    await recordTouches(trx, kept.record);
    const sent = sending && kept.send.length > 0 ? await sendInTransaction(trx, shop, kept.send, now) : [];
    const leased = lease ? await takeLease(trx, shop.id, lease.holder, lease.now, lease.until) : undefined;
    return { changed, kept, sent, leased };
  };
  let most: Awaited<ReturnType<typeof writeMost>>;
  try {
    most = await db.transaction().execute((trx) => writeMost(trx, true));
    announceSent(ctx, shop, most.sent, now);
    written.sent = most.sent.length;
  } catch (error) {
    if (!(error instanceof AlreadySent)) throw error;
    most = await db.transaction().execute((trx) => writeMost(trx, false));
    for (let i = 0; i < most.kept.send.length; i += options.sendBatch) {
      await slices.pause();
      written.sent += (await sendTouches(ctx, shop, most.kept.send.slice(i, i + options.sendBatch), now)).length;
    }
  }
  const { changed, kept } = most;
  if (most.leased !== undefined) written.leased = most.leased;
  written.postponed = changed.size;
  written.cancelled = kept.expired.length + kept.gone.length;
  for (const t of kept.record) {
    if (t.status === "holdout") written.heldOut++;
    else if (t.status === "deferred") written.deferred++;
    else if (t.status === "held") written.heldBack++;
  }
  for (const expire of plan.expire.filter((e) => !changed.has(e.viewerId))) {
    await slices.pause();
    if (await expirePoints(ctx, shop, expire, now)) written.expired++;
  }
  for (const downgrade of plan.downgrade.filter((d) => !changed.has(d.change.viewerId))) {
    await slices.pause();
    if (await downgradeTier(ctx, shop, downgrade, now)) written.downgraded++;
  }
  return written;
}

/** What of a plan's touches is written: those of the viewers whose facts did not change since the reading. */
function keptOf(plan: ChunkPlan, changed: ReadonlySet<string>) {
  const keep = (viewerId: string) => !changed.has(viewerId);
  return {
    expired: plan.expired.filter((t) => keep(t.viewerId)).map((t) => t.id),
    gone: plan.gone.filter((t) => keep(t.viewerId)).map((t) => t.id),
    record: plan.record.filter((t) => keep(t.viewer_id)),
    send: oncePerTouch(plan.send.filter((t) => keep(t.due.viewerId))),
  };
}

/**
 * Writes the points expiry as an `expire` ledger entry, keyed by viewer and deadline so a rerun
 * writes nothing. A balance that changed since the facts were read (spent meanwhile) is left for
 * the next sweep, which sees the new facts.
 */
async function expirePoints(ctx: Context, shop: Shop, expire: PointsExpiry, now: number): Promise<boolean> {
  try {
    const posted = await ctx.store.db.transaction().execute((trx) =>
      postChange(
        trx,
        ctx.store.dialect,
        shop.id,
        expire.viewerId,
        {
          delta: -expire.amount,
          growthDelta: 0,
          reason: "expire",
          ref: expire.key,
          idempotencyKey: `lifecycle:${expire.viewerId}:${expire.key}`,
          note: "points not earned or spent for the shop's expiry period",
        },
        now,
      ),
    );
    announcePosted(ctx.notifier, shop.config, shop.id, posted);
    return !posted.replayed;
  } catch (error) {
    if (error instanceof EncoreError) return false;
    throw error;
  }
}

/**
 * Writes a tier window's downgrade as a `tier_window` ledger entry taking the growth that aged out,
 * keyed by the tier and the moment its growth fell below, so a rerun writes nothing; the ledger
 * writes its `tier.changed` webhook as for every tier change. A balance that changed since the
 * facts were read (an order meanwhile) is left for the next sweep, which decides again on it.
 */
async function downgradeTier(ctx: Context, shop: Shop, planned: PlannedDowngrade, now: number): Promise<boolean> {
  const { change, growthBefore, growthAfter } = planned;
  if (growthAfter >= growthBefore) return false;
  const { db, dialect } = ctx.store;
  try {
    const posted = await db.transaction().execute(async (trx) => {
      const viewer = await findViewer(trx, shop.id, change.viewerId, dialect);
      if (viewer?.growth !== growthBefore) return null;
      return postChange(
        trx,
        dialect,
        shop.id,
        change.viewerId,
        {
          delta: 0,
          growthDelta: growthAfter - growthBefore,
          reason: "tier_window",
          ref: change.key,
          idempotencyKey: `lifecycle:${change.viewerId}:${change.key}`,
          note: `growth of the tier window fell below ${change.from}; the grace ended`,
        },
        now,
      );
    });
    if (!posted) return false;
    announcePosted(ctx.notifier, shop.config, shop.id, posted);
    return !posted.replayed;
  } catch (error) {
    if (error instanceof EncoreError) return false;
    throw error;
  }
}
