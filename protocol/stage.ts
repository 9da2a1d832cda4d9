/**
 * 连麦: a viewer invited on stage. Types only (the widget and console import them); the payloads'
 * zod schemas are in payloads.ts, the token route's in http.ts.
 */

/** A guest spot's life: the host invites, the viewer accepts, goes on stage, and the spot ends. */
export const STAGE_STATES = ["invited", "accepted", "on_stage", "ended"] as const;
export type StageState = (typeof STAGE_STATES)[number];

/** Why a spot ended. Closed: each side has words for each. */
export const STAGE_END_REASONS = ["host", "guest", "declined", "expired"] as const;
export type StageEndReason = (typeof STAGE_END_REASONS)[number];

/** One guest spot as the host's console and the invited viewer see it. */
export interface StageSpot {
  spotId: string;
  roomId: string;
  viewerId: string;
  /** the viewer's name as the room shows it (masked when their token had none) */
  name: string;
  /** index into the shop's tiers */
  tier: number;
  state: StageState;
  /** ms since epoch: an invitation not accepted by then has lapsed (null once on stage or ended) */
  expiresAt: number | null;
  /** the guest has an order of the product the host features now */
  boughtFeatured: boolean;
  endedReason: StageEndReason | null;
}

/** Who is on stage, as the whole room sees it (the `stage` event and the snapshot); null when nobody is. */
export interface StageGuest {
  name: string;
  tier: number;
  boughtFeatured: boolean;
}

/** The invitation inside the host's greeting to the invited viewer (protocol/live.ts Greeting). */
export interface StageInvite {
  spotId: string;
  /** ms since epoch */
  expiresAt: number;
}
