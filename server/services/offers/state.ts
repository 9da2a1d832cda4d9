import type { z } from "zod";
import {
  type ClaimOutcome,
  type ClaimRefusal,
  EncoreError,
  type OfferStock,
  type OfferView,
  type TierConfig,
} from "../../../protocol/index.js";
import type { OfferStartPayload } from "../../../protocol/payloads.js";
import { entrantPseudonym } from "../../domain/draw-proof.js";
import { type ClaimState, claimRefusal } from "../../domain/offers.js";
import type { CouponTemplateRow, OfferRow } from "../../store/schema.js";
import type { Shop } from "../shops.js";

/** What the offer desk tells the realtime layer once a change is committed. */
export interface OfferEvents {
  /** an offer started, sold out or ended: for the whole room */
  changed(roomId: string, offer: OfferView): void;
  /** claims moved the stock: for the room's throttled ticker */
  stock(roomId: string, stock: OfferStock): void;
  /** a private outcome for every socket of a viewer, except the one whose ack already carries it */
  outcome(shopId: string, viewerId: string, outcome: ClaimOutcome, exceptSocket: string | null): void;
}

export type OfferStart = z.output<typeof OfferStartPayload>;

export interface Claimant {
  shop: Shop;
  roomId: string;
  /** null for a guest */
  viewerId: string | null;
  name: string | null;
  muted: boolean;
  socketId: string | null;
}

/** The room's latest offer as the claim path sees it; the database holds the same, committed. */
export interface OfferState {
  row: OfferRow;
  template: CouponTemplateRow;
  /** viewers who won (first come) or entered (draw) */
  taken: Set<string>;
  nextSeq: number;
}

/** A lucky bag's `entrant` field for a viewer: their pseudonym in its public draw record (none for first come). */
export function entrantOf(row: OfferRow): (viewerId: string) => { entrant?: string } {
  const key = row.entrant_key;
  return (viewerId) => (key ? { entrant: entrantPseudonym(key, viewerId) } : {});
}

export const refused = (offerId: string, reason: ClaimRefusal): ClaimOutcome => ({
  offerId,
  result: "refused",
  reason,
});

export const isOfferOver = (error: unknown) => error instanceof EncoreError && error.code === "offer_ended";

/** For callers to whom an offer that another node already ended is no failure. */
export function ignoreOfferOver(error: unknown): null {
  if (isOfferOver(error)) return null;
  throw error;
}

/** What the cached state alone can refuse; tier and stock across nodes need the database. */
export function earlyRefusal(state: OfferState, claimant: Claimant, now: number): ClaimRefusal | null {
  return claimRefusal(
    claimStateOf(state, claimant.shop.config.tiers),
    {
      guest: claimant.viewerId === null,
      muted: claimant.muted,
      taken: claimant.viewerId !== null && state.taken.has(claimant.viewerId),
      tierIndex: null,
    },
    now,
  );
}

export function claimStateOf(state: OfferState, tiers: readonly TierConfig[]): ClaimState {
  const { row } = state;
  return {
    status: row.status,
    mode: row.mode,
    remaining: row.stock - row.claimed,
    endsAt: row.ends_at,
    minTierIndex: row.min_tier ? tiers.findIndex((t) => t.key === row.min_tier) : -1,
  };
}

export function stockOf(row: OfferRow): OfferStock {
  const claimed = row.claimed;
  return { offerId: row.id, remaining: row.stock - claimed, claimed };
}
