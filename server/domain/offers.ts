import { createHmac } from "node:crypto";
import {
  type ClaimRefusal,
  EncoreError,
  type OfferMode,
  type OfferStatus,
  type TierConfig,
} from "../../protocol/index.js";

/** Bounds the host's inputs: a room never gives away more than this in one offer. */
export const MAX_OFFER_STOCK = 100_000;
export const MIN_OFFER_SECONDS = 10;
export const MAX_OFFER_SECONDS = 300;

export interface OfferInput {
  stock: number;
  durationSeconds: number;
  minTier: string | null;
}

/** Checks what the host asked for; each mistake has its own code so the console can point at the field. */
export function validateOfferInput(input: OfferInput, tiers: readonly TierConfig[]): void {
  if (!Number.isInteger(input.stock) || input.stock <= 0 || input.stock > MAX_OFFER_STOCK) {
    throw new EncoreError("stock_invalid", `stock must be 1–${MAX_OFFER_STOCK}`);
  }
  if (
    !Number.isInteger(input.durationSeconds) ||
    input.durationSeconds < MIN_OFFER_SECONDS ||
    input.durationSeconds > MAX_OFFER_SECONDS
  ) {
    throw new EncoreError("duration_invalid", `an offer runs ${MIN_OFFER_SECONDS}–${MAX_OFFER_SECONDS} seconds`);
  }
  if (input.minTier !== null && !tiers.some((t) => t.key === input.minTier)) {
    throw new EncoreError("bad_request", `no tier ${input.minTier}`);
  }
}

export type OfferEvent = "start" | "sell_out" | "end";

/** scheduled → live → ended | sold_out. Ended and sold out are final: an offer never comes back. */
export function nextStatus(status: OfferStatus, event: OfferEvent): OfferStatus {
  switch (event) {
    case "start":
      if (status === "scheduled") return "live";
      break;
    case "sell_out":
      if (status === "live") return "sold_out";
      break;
    case "end":
      if (status === "live") return "ended";
      break;
  }
  if (status === "ended" || status === "sold_out") throw new EncoreError("offer_ended", "this offer is over");
  throw new EncoreError("bad_request", `an offer that is ${status} cannot ${event}`);
}

/** Only one offer runs in a room at a time. */
export function assertCanStart(current: { status: OfferStatus } | null): void {
  if (current?.status === "live") throw new EncoreError("offer_live", "stop the running offer first");
}

/**
 * Does a comment claim the offer? Full-width digits and letters count (NFKC), case and surrounding
 * space do not: "１", " 1 " and "1" are the same claim.
 */
export function matchesKeyword(text: string, keyword: string): boolean {
  const norm = (s: string) => s.normalize("NFKC").trim().toLowerCase();
  return norm(text) === norm(keyword);
}

/** How long after an offer ends a late "1" is still answered with offer_ended rather than taken as a plain comment. */
export const LATE_CLAIM_MS = 60_000;

export interface ClaimState {
  status: OfferStatus;
  mode: OfferMode;
  remaining: number;
  endsAt: number;
  /** index of the tier the offer requires, or -1 for everyone signed in */
  minTierIndex: number;
  /** index of the tier a fan-only room requires, or -1 for an open room (left out: open) */
  roomTierIndex?: number;
}

export interface Claimant {
  guest: boolean;
  muted: boolean;
  /** already won (first come) or already entered (draw) */
  taken: boolean;
  /** the viewer's tier index; null when not known yet (checked once the balance is read) */
  tierIndex: number | null;
}

/**
 * Why a claim cannot win, or null when it may: the order of checks is the order a viewer
 * would want to hear them in (who you are before whether anything is left).
 */
export function claimRefusal(offer: ClaimState, claimant: Claimant, now: number): ClaimRefusal | null {
  if (offer.status === "ended" || now >= offer.endsAt) return "offer_ended";
  if (claimant.guest) return "guest";
  if (claimant.muted) return "muted";
  if (claimant.taken) return "already_claimed";
  if (offer.status === "sold_out" || offer.remaining <= 0) return offer.mode === "draw" ? "offer_ended" : "sold_out";
  if (offer.status !== "live") return "offer_ended";
  // the room's gate before the offer's own: below it the viewer takes part in nothing here
  if (claimant.tierIndex !== null && claimant.tierIndex < (offer.roomTierIndex ?? -1)) return "room_gated";
  if (claimant.tierIndex !== null && claimant.tierIndex < offer.minTierIndex) return "tier_too_low";
  return null;
}

/**
 * Draws `count` distinct winners from `entries` with a stream derived from `seed`
 * (HMAC-SHA256 in counter mode, rejection sampling so no index is favoured). The same seed and
 * entries always give the same winners, so a recorded draw can be checked by anyone.
 */
export function drawWinners(entries: readonly string[], count: number, seed: Buffer): string[] {
  const pool = [...entries];
  const take = Math.min(count, pool.length);
  let counter = 0;
  const uniform = (bound: number): number => {
    const limit = 2 ** 32 - (2 ** 32 % bound);
    for (;;) {
      const block = createHmac("sha256", seed).update(String(counter++)).digest();
      const value = block.readUInt32BE(0);
      if (value < limit) return value % bound;
    }
  };
  // A partial Fisher–Yates shuffle: the first `take` places are the winners, in draw order.
  for (let i = 0; i < take; i++) {
    const j = i + uniform(pool.length - i);
    const picked = pool[j] as string;
    pool[j] = pool[i] as string;
    pool[i] = picked;
  }
  return pool.slice(0, take);
}
