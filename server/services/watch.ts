import { randomBytes } from "node:crypto";
import {
  type BeatPayload,
  type BeatResult,
  type ChestClaimResult,
  EncoreError,
  ServerEvent,
  type ShopConfig,
  type WatchStatus,
} from "../../protocol/index.js";
import { toChest } from "../adapters.js";
import { boostAt } from "../domain/campaigns.js";
import { chestClaimRefusal } from "../domain/chest.js";
import { isGatedOut } from "../domain/room-gate.js";
import { tierStatus } from "../domain/tiers.js";
import {
  type BeatCredit,
  chestPayout,
  creditBeat,
  dayRoom,
  EMPTY_WATCH,
  earnWatch,
  type WatchEarning,
  type WatchState,
  watchStatus,
} from "../domain/watch.js";
import { metrics } from "../ops/metrics.js";
import { addLiveWatch } from "../store/insight.js";
import type { ChestRow, RoomRow } from "../store/schema.js";
import { findViewer } from "../store/viewers.js";
import {
  creditIfUnchanged,
  findWatchState,
  insertChest,
  latestChest,
  markChestClaimed,
  readForBeat,
  saveWatchState,
} from "../store/watch.js";
import type { Context } from "./context.js";
import { armsFrom, expose } from "./experiments.js";
import type { RoomEarning } from "./join-state.js";
import { announcePosted, type Posted, postChange, walletUpdate } from "./points.js";
import { announceRewards, progressReferral } from "./referrals.js";

/** What one socket remembers between its beats: when its current active stretch began. */
export interface BeatCursor {
  activeSince: number | null;
}

/**
 * One beat from one socket: credits verified time, turns full blocks into points, offers a
 * chest at each boundary, all in one transaction; then tells the viewer's sockets. The watch
 * status goes back in the ack; the viewer's other sockets (`socketId` is the beating one) hear it
 * as a push. What the room's beats read alike (its gate, the shop's campaigns and watch-rate
 * experiment) comes kept from `place` (JoinState.earning), so the transaction reads only the
 * viewer's rows: on Postgres each statement is a round trip, and a beat is the room's commonest
 * write.
 */
export async function recordBeat(
  ctx: Context,
  place: RoomEarning,
  viewerId: string,
  cursor: BeatCursor,
  beat: BeatPayload,
  socketId?: string,
): Promise<BeatResult> {
  const now = ctx.clock.now();
  const { store } = ctx;
  const { shop, room } = place;
  // an experiment on the watch rate decides this viewer's points per block
  const applied = armsFrom(place.watchExperiment, [viewerId]).get(viewerId) ?? null;
  const config = withWatchRate(shop.config, applied?.arm?.pointsPerBlock);
  // a campaign's or a member day's watch multiplier, the higher
  const boost = boostAt(place.rules, now, config.timezone).watch;
  const judge = (growth: number, state: WatchState) => {
    assertNotGated(room, growth, config);
    const multiplier = tierStatus(growth, config.tiers).multiplier;
    const credit = creditBeat({
      now,
      active: beat.playing && beat.visible,
      socketActiveSince: cursor.activeSince,
      creditedUntil: state.creditedUntil,
      maxBeatMs: config.watch.maxBeatSeconds * 1000,
    });
    const earning = earnWatch(
      { ...state, creditedUntil: credit.creditedUntil },
      credit.creditedMs,
      now,
      config,
      multiplier,
      boost,
    );
    return { multiplier, credit, earning };
  };
  const outcome =
    (await creditTimeAlone(ctx, place, viewerId, now, judge, (state, multiplier) =>
      watchStatus(state, now, config, multiplier, boost),
    )) ??
    (await store.db.transaction().execute(async (trx) => {
      const viewer = await findViewer(trx, shop.id, viewerId, store.dialect);
      if (!viewer) throw new EncoreError("viewer_not_found", `no viewer ${viewerId}`);
      const state = (await findWatchState(trx, shop.id, viewerId, store.dialect)) ?? EMPTY_WATCH;
      const { multiplier, credit, earning } = judge(viewer.growth, state);
      if (credit.creditedMs > 0) {
        await saveWatchState(trx, shop.id, viewerId, earning.state, now);
        await addLiveWatch(trx, room.id, shop.id, viewerId, credit.creditedMs);
      }
      let posted: Posted | null = null;
      if (earning.points > 0) {
        posted = await postChange(
          trx,
          store.dialect,
          shop.id,
          viewerId,
          {
            delta: earning.points,
            // watch points also count as growth (DESIGN §4)
            growthDelta: earning.points,
            reason: "watch",
            ref: `block:${earning.state.blocks}`,
            idempotencyKey: `watch:${viewerId}:${earning.state.blocks}`,
          },
          now,
        );
        // first exposure is the first payout at the arm's rate
        if (applied) await expose(trx, shop.id, viewerId, applied, now);
      }
      // verified watch time may be what completes this viewer's referral
      const rewards =
        credit.creditedMs > 0
          ? await progressReferral(
              trx,
              store.dialect,
              shop,
              viewerId,
              { kind: "watch", totalWatchMs: earning.state.totalMs },
              now,
            )
          : null;
      let chest: ChestRow | null = null;
      if (earning.chestOrdinal !== null) {
        chest = {
          id: `ch_${randomBytes(9).toString("base64url")}`,
          shop_id: shop.id,
          viewer_id: viewerId,
          ordinal: earning.chestOrdinal,
          points: earning.chestPoints,
          appeared_at: now,
          expires_at: now + config.chest.claimSeconds * 1000,
          claimed_at: null,
        };
        await insertChest(trx, chest);
      }
      // the blocks just paid filled the day: a chest still open could pay nothing, so it goes
      const capped = earning.points > 0 && dayRoom(earning.state, now, config) === 0;
      const withdrawn = capped && toChest(await latestChest(trx, shop.id, viewerId), now) !== null;
      const newMultiplier = posted ? tierStatus(posted.after.growth, config.tiers).multiplier : multiplier;
      return {
        credit,
        earning,
        posted,
        rewards,
        chest,
        withdrawn,
        status: watchStatus(earning.state, now, config, newMultiplier, boost),
      };
    }));
  cursor.activeSince = outcome.credit.socketActiveSince;
  metrics.beats.inc();
  if (outcome.posted) announcePosted(ctx.notifier, shop.config, shop.id, outcome.posted);
  if (outcome.rewards) announceRewards(ctx, shop, outcome.rewards, now);
  if (outcome.chest) ctx.notifier.toViewer(shop.id, viewerId, ServerEvent.chest, toChest(outcome.chest, now));
  if (outcome.withdrawn) ctx.notifier.toViewer(shop.id, viewerId, ServerEvent.chest, null);
  if (outcome.credit.creditedMs > 0) {
    if (socketId) ctx.notifier.toViewerElsewhere(shop.id, viewerId, socketId, ServerEvent.watch, outcome.status);
    else ctx.notifier.toViewer(shop.id, viewerId, ServerEvent.watch, outcome.status);
  }
  return { creditedSeconds: Math.round(outcome.credit.creditedMs / 1000), watch: outcome.status };
}

type Judged = { multiplier: number; credit: BeatCredit; earning: WatchEarning };

/**
 * Most beats only credit time: no block completes (so no points, no ledger entry), no chest
 * appears, no referral is open for the time to complete. Such a beat is judged on the viewer's
 * rows read unlocked and written with one statement that writes only if the watch state is still
 * as read (store/watch.ts): two round trips on Postgres instead of the transaction's six, for the
 * room's commonest write. Null when the beat is not such a one, or its watch state changed
 * meanwhile: the transaction then does it all again, under locks.
 */
async function creditTimeAlone(
  ctx: Context,
  place: RoomEarning,
  viewerId: string,
  now: number,
  judge: (growth: number, state: WatchState) => Judged,
  statusOf: (state: WatchState, multiplier: number) => WatchStatus,
) {
  const { store } = ctx;
  const reading = await readForBeat(store.db, place.shop.id, viewerId);
  if (!reading) throw new EncoreError("viewer_not_found", `no viewer ${viewerId}`);
  const { multiplier, credit, earning } = judge(reading.growth, reading.state ?? EMPTY_WATCH);
  if (earning.points > 0 || earning.chestOrdinal !== null) return null;
  if (credit.creditedMs > 0) {
    // a first credit inserts the row; an open referral may be completed by this very time
    if (!reading.state || reading.referralOpen) return null;
    const where = { roomId: place.room.id, shopId: place.shop.id, viewerId };
    const { creditedMs } = credit;
    const written = await creditIfUnchanged(
      store.db,
      store.dialect,
      where,
      reading.state,
      earning.state,
      creditedMs,
      now,
    );
    if (!written) return null;
  }
  return {
    credit,
    earning,
    posted: null,
    rewards: null,
    chest: null,
    withdrawn: false,
    status: statusOf(earning.state, multiplier),
  };
}

/** The shop's earning rules with an experiment arm's points per block, when one applies. */
export function withWatchRate(config: ShopConfig, pointsPerBlock: number | undefined): ShopConfig {
  return pointsPerBlock === undefined ? config : { ...config, watch: { ...config.watch, pointsPerBlock } };
}

/**
 * Opens the attention chest if it is still open: once, within its window, through the ledger,
 * and within the day's watch cap, which chests count towards like blocks do.
 */
export async function claimChest(
  ctx: Context,
  place: RoomEarning,
  viewerId: string,
  chestId: string,
  socketId?: string,
): Promise<ChestClaimResult> {
  const now = ctx.clock.now();
  const { store } = ctx;
  const { shop } = place;
  const posted = await store.db.transaction().execute(async (trx) => {
    // the viewer's row first, as a beat takes it, so a beat and a claim queue instead of deadlocking
    const viewer = await findViewer(trx, shop.id, viewerId, store.dialect);
    if (viewer) assertNotGated(place.room, viewer.growth, shop.config);
    const latest = await latestChest(trx, shop.id, viewerId, store.dialect);
    const chest = latest?.id === chestId ? latest : undefined;
    const refusal = chestClaimRefusal(
      chest
        ? {
            id: chest.id,
            points: chest.points,
            expiresAt: chest.expires_at,
            claimedAt: chest.claimed_at,
          }
        : null,
      now,
    );
    if (refusal || !chest) throw new EncoreError(refusal ?? "chest_none", "this chest cannot be opened");
    const watch = (await findWatchState(trx, shop.id, viewerId, store.dialect)) ?? EMPTY_WATCH;
    const payout = chestPayout(watch, chest.points, now, shop.config);
    if (!payout) throw new EncoreError("chest_capped", "today's watch points are all earned");
    await markChestClaimed(trx, chest.id, now);
    await saveWatchState(trx, shop.id, viewerId, payout.state, now);
    return postChange(
      trx,
      store.dialect,
      shop.id,
      viewerId,
      {
        delta: payout.points,
        growthDelta: 0,
        reason: "chest",
        ref: chest.id,
        idempotencyKey: `chest:${chest.id}`,
      },
      now,
    );
  });
  // the asking socket learns from its ack that the chest is open and what it paid
  announcePosted(ctx.notifier, shop.config, shop.id, posted, socketId);
  if (socketId) ctx.notifier.toViewerElsewhere(shop.id, viewerId, socketId, ServerEvent.chest, null);
  else ctx.notifier.toViewer(shop.id, viewerId, ServerEvent.chest, null);
  return walletUpdate(shop.config, posted);
}

/** Below a fan-only room's tier nothing is earned there: refused before anything is written. */
function assertNotGated(room: RoomRow, growth: number, config: ShopConfig): void {
  if (isGatedOut(room.min_tier, growth, config.tiers)) {
    throw new EncoreError("room_gated", "this live is for a higher tier: nothing is earned here below it");
  }
}
