import { applyBudget } from "../../domain/lifecycle/budget.js";
import { type Due, reconcile } from "../../domain/lifecycle/due.js";
import { holdsOut } from "../../domain/lifecycle/holdout.js";
import { lifecycleMarks, type ViewerFacts, viewerChunk } from "../../store/lifecycle.js";
import { viewersByIds } from "../../store/lifecycle-candidates.js";
import { readChunkRows } from "../../store/lifecycle-chunk.js";
import type { TouchStatus } from "../../store/schema.js";
import type { Context } from "../context.js";
import type { Shop } from "../shops.js";
import { sweepCandidates, sweepFingerprint } from "./candidates.js";
import { chunkActivity } from "./chunk-activity.js";
import { chunkDues, groupBy, ledgerWanted, readUsedUpProducts, type UsedUpProducts } from "./facts.js";
import { segmentReading } from "./segment-readings.js";
import { clicksSince, segmentsFrom } from "./segments.js";
import { touchRow as touchRowFor } from "./send.js";
import { Slicer } from "./slicer.js";
import { readSpenders, type Spenders } from "./spenders.js";
import {
  addCounts,
  type ChunkPlan,
  type ChunkWritten,
  emptyPlan,
  localWrites,
  noCounts,
  type SweepCounts,
  type SweepWrites,
} from "./sweep-writes.js";

export interface SweepOptions {
  /** who runs it: one lease holder per node */
  holder: string;
  /** how long the lease lasts without renewal; renewed at every chunk */
  leaseMs: number;
  /** viewers per chunk */
  chunk?: number;
  /** the longest stretch of work between turns of the event loop, in ms */
  sliceMs?: number;
  /** touches sent per transaction when a part's sends must go in pieces (see DEFAULT_SEND_BATCH) */
  sendBatch?: number;
  /** rows a transaction of a chunk's writes holds at most (plan-parts.ts) */
  partRows?: number;
  /** asked between chunks: a stopping server ends the sweep there, and the next run picks it up */
  stopping?: () => boolean;
  /** read every viewer even when the last sweep allows reading only the candidates */
  full?: boolean;
}

export interface SweepResult extends SweepCounts {
  /** false when another node holds the lease: nothing was done */
  ran: boolean;
  /** true when only the viewers something can be due for were read (see candidates.ts) */
  narrowed: boolean;
  /** viewers read */
  viewers: number;
}

const OPEN: ReadonlySet<TouchStatus> = new Set(["pending", "deferred", "held"]);
export const DEFAULT_CHUNK = 100;
export const DEFAULT_SLICE_MS = 10;
/**
 * Touches sent per transaction when a part of a chunk's plan has to be written in pieces (another
 * run sent one of its touches first); otherwise a part's sends go in its one transaction
 * (sweep-writes.ts).
 */
export const DEFAULT_SEND_BATCH = 10;

/**
 * One sweep of a shop's automations at `now`. One node runs a shop's sweep at a time (a lease
 * in the store, renewed each chunk, lapsing if its node dies). Chunk by chunk of viewers: facts
 * → rules → reconcile with the stored schedule → holdout → the contact budget, then the chunk's
 * decisions and sends written in one transaction. Everything is keyed (touches, coupons, ledger entries), so a sweep cut
 * short anywhere and run again does the rest and nothing twice.
 */
export async function sweep(
  ctx: Context,
  shop: Shop,
  now: number,
  options: SweepOptions,
  writes: SweepWrites = localWrites(ctx, {
    sliceMs: options.sliceMs ?? DEFAULT_SLICE_MS,
    sendBatch: options.sendBatch ?? DEFAULT_SEND_BATCH,
    ...(options.partRows ? { partRows: options.partRows } : {}),
  }),
): Promise<SweepResult> {
  const result: SweepResult = {
    ran: false,
    narrowed: false,
    viewers: 0,
    ...noCounts(),
  };
  const { db } = ctx.store;
  const chunk = options.chunk ?? DEFAULT_CHUNK;
  const lease = () => writes.takeLease(shop.id, options.holder, ctx.clock.now(), ctx.clock.now() + options.leaseMs);
  if (!(await lease())) return result;
  result.ran = true;
  const slices = new Slicer(options.sliceMs ?? DEFAULT_SLICE_MS);
  try {
    const state = await sweepState(ctx, shop, now, slices, writes);
    const candidates = options.full ? null : await narrowTo(ctx, shop, now, state, slices);
    result.narrowed = candidates !== null;
    await slices.pause();
    const next = chunks(db, shop.id, chunk, candidates, () => ctx.clock.now());
    /**
     * The chunk being written while the next is read and decided: on SQLite the sweep thread reads
     * while the server's thread writes, and on Postgres the thread's two connections do one each.
     * Chunks hold different viewers and a plan reads only its own viewers' facts, so the next
     * plan does not depend on the write under way; at most one write is in flight, and its lease
     * renewal is checked before the next is asked for.
     */
    let writing: Promise<ChunkWritten> | null = null;
    /** whether the write under way has ended (its outcome is taken by settle) */
    let landed = true;
    /** the write under way, awaited and counted: false when this node lost the shop's lease */
    const settle = async (): Promise<boolean> => {
      if (!writing) return true;
      const written = await writing;
      writing = null;
      addCounts(result, written);
      return written.leased ?? (await lease());
    };
    let complete = false;
    try {
      for (;;) {
        const read = await next();
        if (read === null) {
          complete = await settle();
          break;
        }
        const { viewers, readAt } = read;
        const plan = viewers.length > 0 ? await planChunk(ctx, shop, viewers, readAt, now, slices, state) : null;
        // this plan was ready before the last chunk was written: the writing is the bottleneck
        const behind = !landed;
        // another node took over (this one stalled past its lease): leave the rest to it
        if (!(await settle())) break;
        if (plan) {
          // the lease renewed in the chunk's own transaction: one commit fewer per chunk
          const renewal = { holder: options.holder, now: ctx.clock.now(), until: ctx.clock.now() + options.leaseMs };
          const written = writes.writeChunk(shop, plan, now, renewal, behind);
          landed = false;
          // awaited by settle(); handled now so a failure while the next chunk is read is not "unhandled"
          written.then(
            () => {
              landed = true;
            },
            () => {
              landed = true;
            },
          );
          writing = written;
          await slices.pause();
        } else if (!(await lease())) {
          break;
        }
        result.viewers += viewers.length;
        if (options.stopping?.()) {
          await settle();
          break;
        }
      }
    } finally {
      // a failed read or plan still lets the write under way end before the lease is released
      await (writing as Promise<ChunkWritten> | null)?.catch(() => undefined);
    }
    if (complete) {
      // the first reading is over only when it read every viewer: a sweep cut short leaves the rest to the next, still silent
      if (state.segmentsBaseline) await writes.mark(shop.id, "segments_read", now, false);
      // the next sweep looks for what changed or fell due since this moment
      await writes.mark(shop.id, "swept", now, true);
      await writes.mark(shop.id, "swept_config", state.fingerprint, true);
    }
  } finally {
    await writes.releaseLease(shop.id, options.holder);
  }
  return result;
}

/**
 * The chunks of a sweep, one after another (null when there are no more): every viewer by id, or
 * the given candidates, in the same chunk size.
 */
function chunks(
  db: Context["store"]["db"],
  shopId: string,
  size: number,
  candidates: readonly string[] | null,
  clock: () => number,
) {
  let after = "";
  let at = 0;
  let done = false;
  return async (): Promise<{ viewers: ViewerFacts[]; readAt: number } | null> => {
    if (done) return null;
    const readAt = clock();
    if (candidates !== null) {
      if (at >= candidates.length) return null;
      const ids = candidates.slice(at, at + size);
      at += size;
      return { viewers: await viewersByIds(db, shopId, ids), readAt };
    }
    const viewers = await viewerChunk(db, shopId, after, size);
    if (viewers.length === 0) return null;
    after = viewers[viewers.length - 1]?.viewer_id ?? after;
    if (viewers.length < size) done = true;
    return { viewers, readAt };
  };
}

/**
 * The viewers this sweep must read, or null for all of them: all when no complete sweep ran since
 * the last change of settings (or ever, or it ran at a later moment), or when segments have never
 * been read in full.
 */
async function narrowTo(
  ctx: Context,
  shop: Shop,
  now: number,
  state: SweepState,
  slices: Slicer,
): Promise<string[] | null> {
  if (state.segmentsBaseline || state.lastSweep === null || state.lastSweep > now) return null;
  if (state.lastFingerprint !== state.fingerprint) return null;
  return sweepCandidates(
    ctx.store.db,
    shop,
    {
      lastSweep: state.lastSweep,
      now,
      tierWindowSince: state.tierWindowSince,
      highValue: state.spenders.highValue,
      tieredFrom: shop.config.tiers[1]?.threshold ?? null,
    },
    () => slices.pause(),
  );
}

/** What a sweep reads once for all its chunks. */
interface SweepState {
  /** no full sweep has read segments yet: this one records them silently */
  segmentsBaseline: boolean;
  /** the top spenders' cut and who is high value now */
  spenders: Spenders;
  /** when a sweep first found the tier window switched on; null while it is off */
  tierWindowSince: number | null;
  /** the moment of the last complete sweep, and the fingerprint of the settings it ran with */
  lastSweep: number | null;
  lastFingerprint: number | null;
  fingerprint: number;
  /** the products that are used up, as this sweep found them when it began */
  usedUp: UsedUpProducts;
}

async function sweepState(
  ctx: Context,
  shop: Shop,
  now: number,
  slices: Slicer,
  writes: SweepWrites,
): Promise<SweepState> {
  const { db } = ctx.store;
  const marks = await lifecycleMarks(db, shop.id);
  // the window's grace counts from the first sweep that finds it on; switched off, it starts over next time
  let tierWindowSince: number | null = null;
  if (shop.config.automations.tierWindow.enabled) {
    tierWindowSince = marks.get("tier_window_on") ?? now;
    if (!marks.has("tier_window_on")) await writes.mark(shop.id, "tier_window_on", now, false);
  } else if (marks.has("tier_window_on")) {
    await writes.clearMark(shop.id, "tier_window_on");
  }
  return {
    segmentsBaseline: !marks.has("segments_read"),
    spenders: await readSpenders(db, shop.id, now, () => slices.pause()),
    tierWindowSince,
    lastSweep: marks.get("swept") ?? null,
    lastFingerprint: marks.get("swept_config") ?? null,
    fingerprint: await sweepFingerprint(db, shop),
    usedUp: await readUsedUpProducts(db, shop.id),
  };
}

/**
 * Reads a chunk's facts and runs the rules and the budget over them: what to write, decided
 * without writing anything (the segments' reading included), so the plan can be written by
 * another thread's connection.
 */
async function planChunk(
  ctx: Context,
  shop: Shop,
  viewers: ViewerFacts[],
  readAt: number,
  now: number,
  slices: Slicer,
  state: SweepState,
): Promise<ChunkPlan> {
  const ids = viewers.map((v) => v.viewer_id);
  const { automations, timezone } = shop.config;
  // every fact of the chunk in two statements on Postgres (lifecycle-chunk.ts), for the segments and the automations
  const ledger = ledgerWanted(shop.config, viewers, state.tierWindowSince);
  const rows = await readChunkRows(ctx.store.db, shop.id, ids, {
    now,
    clicksSince: clicksSince(now),
    ledgerIds: ledger.ids,
    thresholds: ledger.thresholds,
    expiries: ledger.points,
  });
  await slices.pause();
  const activity = chunkActivity(rows.orders, rows.lines, rows.lastWatch, rows.watchedMs);
  const current = segmentsFrom(viewers, now, state.spenders.cut, activity, rows.clicks);
  const segments = segmentReading(ids, current, rows.memberships, now, state.segmentsBaseline);
  await slices.pause();
  const dues = chunkDues(
    shop.config,
    viewers,
    now,
    { memberships: segments.welcome, tierWindowSince: state.tierWindowSince, usedUp: state.usedUp },
    { activity, coupons: rows.coupons, ledgerDays: rows.ledgerDays, expiries: rows.expiries },
  );
  const { touches, optedOut } = rows;
  await slices.pause();
  const touchesBy = groupBy(touches, (t) => t.viewer_id);

  const plan: ChunkPlan = { ...emptyPlan(readAt), segments: segments.changes };
  for (const { viewer, due, expire, downgrade } of dues) {
    await slices.pause();
    const id = viewer.viewer_id;
    if (expire) plan.expire.push(expire);
    if (downgrade) plan.downgrade.push(downgrade);
    const stored = touchesBy.get(id) ?? [];
    const byKey = new Map(stored.map((t) => [t.key, t]));
    const open = stored.filter((t) => OPEN.has(t.status));
    // what is due now and still makes sense, and was not decided for good before
    const live = due.filter(
      (d) => d.dueAt <= now && (d.expiresAt === null || d.expiresAt > now) && isUndecided(byKey.get(d.key)?.status),
    );
    const { cancel } = reconcile(open, live);
    if (cancel.length > 0) {
      const stillWanted = new Set(due.map((d) => d.key));
      for (const key of cancel) {
        const touch = byKey.get(key);
        if (touch) (stillWanted.has(key) ? plan.expired : plan.gone).push({ id: touch.id, viewerId: id });
      }
    }

    const measured: Due[] = [];
    for (const d of live) {
      if (holdsOut(shop.id, d.kind, id, automations.budget.holdoutPercent)) {
        plan.record.push(touchRowFor(shop.id, d, "holdout", null, now));
      } else {
        measured.push(d);
      }
    }
    if (measured.length === 0) continue;

    const decision = applyBudget({
      due: measured,
      sentAt: stored.flatMap((t) => (t.status === "sent" && t.sent_at !== null ? [t.sent_at] : [])),
      optedOut: optedOut.has(id),
      now,
      timeZone: timezone,
      budget: automations.budget,
    });
    for (const d of decision.send) plan.send.push({ due: d, viewerGrowth: viewer.growth });
    for (const { due: d, reason } of decision.defer) {
      plan.record.push(touchRowFor(shop.id, d, "deferred", reason, now));
    }
    for (const { due: d, reason } of decision.held) {
      const status: TouchStatus = reason === "expired" ? "cancelled" : "held";
      plan.record.push(touchRowFor(shop.id, d, status, reason, now));
    }
  }
  return plan;
}

/** No row yet, or a row still waiting: a sent, held-out or cancelled touch is never decided again. */
const isUndecided = (status: TouchStatus | undefined) => status === undefined || OPEN.has(status);
