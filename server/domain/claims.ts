import type { ClaimRefusal, OfferMode } from "../../protocol/index.js";
import { type ClaimState, claimRefusal } from "./offers.js";

/** A claim waiting in a batch, as far as deciding it goes. */
export interface QueuedClaim {
  /** the offer whose keyword the comment matched */
  offerId: string;
  viewerId: string;
  muted: boolean;
  /** won or entered before this round, on this node or any other */
  taken: boolean;
  tierIndex: number;
}

/** The offer as one round of claims sees it; `remaining` is the stock left when the round starts. */
export interface RoundOffer extends ClaimState {
  id: string;
}

export type ClaimDecision =
  /** told why now */
  | { kind: "refused"; reason: ClaimRefusal }
  /** a lucky-bag entry, drawn when the offer ends */
  | { kind: "entered" }
  /** first come and eligible: wins unless the coupon rules refuse its coupon */
  | { kind: "candidate" }
  /** decided in the next round, once the candidates before it know whether they won */
  | { kind: "later" };

/**
 * Decides one round of claims in arrival order. The first eligible claims, up to the stock left,
 * become candidates for a coupon; the claims after them (and a viewer's second claim) wait for
 * the next round, because a candidate whose coupon is refused frees its place. In a lucky bag
 * every eligible claim is an entry at once.
 */
export function decideClaimRound(offer: RoundOffer, claims: readonly QueuedClaim[], now: number): ClaimDecision[] {
  const entered = new Set<string>();
  const candidates = new Set<string>();
  return claims.map((claim): ClaimDecision => {
    // the offer it was meant for ended and another started before the batch ran
    if (claim.offerId !== offer.id) return { kind: "refused", reason: "offer_ended" };
    const left = offer.remaining - candidates.size;
    if (candidates.size > 0 && (left <= 0 || candidates.has(claim.viewerId))) return { kind: "later" };
    const reason = claimRefusal(
      { ...offer, remaining: left },
      {
        guest: false,
        muted: claim.muted,
        taken: claim.taken || entered.has(claim.viewerId),
        tierIndex: claim.tierIndex,
      },
      now,
    );
    if (reason) return { kind: "refused", reason };
    if (offer.mode === "draw") {
      entered.add(claim.viewerId);
      return { kind: "entered" };
    }
    candidates.add(claim.viewerId);
    return { kind: "candidate" };
  });
}

/** However little stock is left, a batch may take this many claims: refusals (tier, held coupons) free places. */
export const MIN_BATCH_CLAIMS = 64;

/**
 * How many of the claims queued for a first-come offer one batch takes, the rest waiting for the
 * next batch in arrival order. Each claim a batch takes costs reads for its viewer (growth,
 * entries, grants, held coupons) inside the transaction that every claim behind it waits for;
 * claims past what the stock left can take would be refused sold out anyway, and once this batch
 * sells out the next one answers them from memory without a statement. A lucky bag takes all
 * (every eligible claim is an entry).
 */
export function claimsForBatch(mode: OfferMode, remaining: number, queued: number): number {
  if (mode === "draw") return queued;
  return Math.min(queued, Math.max(MIN_BATCH_CLAIMS, 2 * Math.max(0, remaining)));
}
