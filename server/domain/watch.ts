import type { ShopConfig, WatchStatus } from "../../protocol/index.js";
import type { WatchState } from "../shared/watch-state.js";
import { isMemberDay, localDay } from "./calendar.js";

/**
 * Verified watch time, decided by the server's clock alone.
 *
 * A socket's beat says whether the stream is playing and the page visible right now. The
 * interval since that socket's previous beat is credited only if the previous beat was active
 * too (the viewer was watching all along), never more than `maxBeatSeconds`, and never a
 * moment the viewer was already credited for through another tab or device: `creditedUntil`
 * is per viewer per shop, so time is counted at most once per wall-clock second.
 */
export interface BeatInput {
  now: number;
  active: boolean;
  /** when this socket's previous active beat arrived, or null */
  socketActiveSince: number | null;
  /** the viewer's watch time is credited up to this instant, across all their sockets */
  creditedUntil: number | null;
  maxBeatMs: number;
}

export interface BeatCredit {
  creditedMs: number;
  creditedUntil: number | null;
  socketActiveSince: number | null;
}

export function creditBeat(input: BeatInput): BeatCredit {
  const { now, active, socketActiveSince, creditedUntil, maxBeatMs } = input;
  if (socketActiveSince === null) {
    // Nothing to credit yet: this beat only opens an interval (or keeps it closed).
    return { creditedMs: 0, creditedUntil, socketActiveSince: active ? now : null };
  }
  const from = Math.max(socketActiveSince, creditedUntil ?? Number.NEGATIVE_INFINITY, now - maxBeatMs);
  const creditedMs = Math.max(0, now - from);
  return {
    creditedMs,
    creditedUntil: creditedMs > 0 ? now : creditedUntil,
    socketActiveSince: active ? now : null,
  };
}

/** re-exported: the watch rules are written against it */
export type { WatchState };

export const EMPTY_WATCH: WatchState = {
  creditedUntil: null,
  carryMs: 0,
  totalMs: 0,
  day: "",
  dayPoints: 0,
  blocks: 0,
  chests: 0,
};

export interface WatchEarning {
  state: WatchState;
  /** points to add to the ledger for blocks completed now (0 when capped or none) */
  points: number;
  /** blocks completed now, whether or not the cap let them pay */
  blocksCompleted: number;
  /** set when this credit crossed a chest boundary and the day can still pay one: the chest's ordinal */
  chestOrdinal: number | null;
  /** what that chest may pay: its points, or less when the day has less left */
  chestPoints: number;
}

type EarningConfig = Pick<ShopConfig, "watch" | "chest" | "memberDays" | "timezone">;

function withDay(state: WatchState, now: number, timeZone: string): WatchState {
  const day = localDay(now, timeZone).key;
  return day === state.day ? state : { ...state, day, dayPoints: 0 };
}

/** Watch points the viewer can still earn today, blocks and chests alike. */
export function dayRoom(state: WatchState, now: number, config: EarningConfig): number {
  return Math.max(0, config.watch.dailyCap - withDay(state, now, config.timezone).dayPoints);
}

/**
 * What opening a chest pays now: the daily cap covers every watch point, chests included, so a
 * chest pays at most what the day has left, and the day's tally carries it. Null when the day
 * has nothing left: the chest cannot pay.
 */
export function chestPayout(
  state: WatchState,
  chestPoints: number,
  now: number,
  config: EarningConfig,
): { points: number; state: WatchState } | null {
  const points = Math.min(chestPoints, dayRoom(state, now, config));
  if (points <= 0) return null;
  const today = withDay(state, now, config.timezone);
  return { points, state: { ...today, dayPoints: today.dayPoints + points } };
}

/**
 * Points one full block pays now, before the daily cap. `boost` is the campaigns' watch
 * multiplier at this instant (domain/campaigns.ts boostAt: a member day's or a campaign's, the
 * higher); without it, a member day's alone, as before campaigns existed.
 */
export function pointsPerBlock(now: number, config: EarningConfig, tierMultiplier: number, boost?: number): number {
  const multiplier = boost ?? (isMemberDay(now, config) ? config.memberDays.multiplier : 1);
  return Math.round(config.watch.pointsPerBlock * tierMultiplier * multiplier);
}

/** Turns credited time into watch points: full blocks only, multiplied, capped per local day. */
export function earnWatch(
  previous: WatchState,
  creditedMs: number,
  now: number,
  config: EarningConfig,
  tierMultiplier: number,
  boost?: number,
): WatchEarning {
  const blockMs = config.watch.blockSeconds * 1000;
  const state = withDay(previous, now, config.timezone);
  const carry = state.carryMs + creditedMs;
  const blocksCompleted = Math.floor(carry / blockMs);
  const room = Math.max(0, config.watch.dailyCap - state.dayPoints);
  const points = Math.min(room, blocksCompleted * pointsPerBlock(now, config, tierMultiplier, boost));
  const totalMs = state.totalMs + creditedMs;
  const chests = Math.floor(totalMs / (config.chest.everySeconds * 1000));
  // a boundary crossed with the day capped passes without a chest: one that cannot pay is not offered
  const roomLeft = room - points;
  const chestDue = chests > state.chests && roomLeft > 0;
  return {
    state: {
      ...state,
      carryMs: carry - blocksCompleted * blockMs,
      totalMs,
      dayPoints: state.dayPoints + points,
      blocks: state.blocks + blocksCompleted,
      chests: Math.max(chests, state.chests),
    },
    points,
    blocksCompleted,
    chestOrdinal: chestDue ? chests : null,
    chestPoints: chestDue ? Math.min(config.chest.points, roomLeft) : 0,
  };
}

export function watchStatus(
  state: WatchState,
  now: number,
  config: EarningConfig,
  tierMultiplier: number,
  boost?: number,
): WatchStatus {
  const current = withDay(state, now, config.timezone);
  const room = Math.max(0, config.watch.dailyCap - current.dayPoints);
  return {
    blockProgressSeconds: Math.floor(current.carryMs / 1000),
    blockSeconds: config.watch.blockSeconds,
    todayPoints: current.dayPoints,
    dailyCap: config.watch.dailyCap,
    memberDay: isMemberDay(now, config),
    nextBlockPoints: Math.min(room, pointsPerBlock(now, config, tierMultiplier, boost)),
  };
}
