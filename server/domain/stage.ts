import type { ErrorCode, StageEndReason, StageState } from "../../protocol/index.js";

/*
 * 连麦: the rules of a guest spot, without I/O. The host invites a viewer; the invitation lapses
 * unless accepted within INVITE_TTL_MS; an accepted guest has ACCEPTED_TTL_MS to preview camera and
 * microphone and go on stage; the spot then lasts until the host ends it or the guest steps down.
 */

/** How long an invitation waits for the viewer's answer. */
export const INVITE_TTL_MS = 60_000;
/** How long an accepted guest may spend previewing before the spot lapses and frees the stage. */
export const ACCEPTED_TTL_MS = 120_000;
/**
 * A guest's publisher token lives this long, and is renewed only while the spot lasts: Agora
 * cannot revoke a token, so a short one is what bounds publishing after the host ends the spot.
 */
export const STAGE_TOKEN_TTL_SECONDS = 300;

/** What the rules need of a spot. */
export interface SpotFacts {
  viewerId: string;
  state: StageState;
  expiresAt: number | null;
  endedReason: StageEndReason | null;
}

/** A spot invited or accepted whose time ran out is over, whether or not its row says so yet. */
export function lapsed(spot: SpotFacts, now: number): boolean {
  return (spot.state === "invited" || spot.state === "accepted") && spot.expiresAt !== null && now >= spot.expiresAt;
}

/** Open: it holds the room's one stage (invited and waiting, accepted, or on stage). */
export function isOpen(spot: SpotFacts, now: number): boolean {
  return spot.state !== "ended" && !lapsed(spot, now);
}

export type InviteDecision = { kind: "new" } | { kind: "same" } | { kind: "refused"; code: ErrorCode };

/**
 * A host's invitation, given the room's open spot: a second tap for the viewer who already holds
 * it answers that spot again; anyone else waits until it ends (one guest at a time).
 */
export function decideInvite(open: SpotFacts | null, viewerId: string, now: number): InviteDecision {
  if (!open || !isOpen(open, now)) return { kind: "new" };
  if (open.viewerId === viewerId) return { kind: "same" };
  return { kind: "refused", code: "stage_busy" };
}

export type StageAction = "accept" | "decline" | "live" | "leave" | "end" | "token";

/** What an action does to a spot: nothing, a new state, or a refusal with its code. */
export type StageStep =
  | { kind: "same" }
  | { kind: "move"; state: StageState; expiresAt: number | null; endedReason: StageEndReason | null }
  | { kind: "refused"; code: ErrorCode };

const ended = (reason: StageEndReason): StageStep => ({
  kind: "move",
  state: "ended",
  expiresAt: null,
  endedReason: reason,
});

/**
 * One action on one spot. The guest's actions (accept, decline, live, leave, token) come from the
 * invited viewer only (the caller checks who); `end` is the host's. A lapsed spot is treated as
 * ended by expiry: its guest is told the invitation expired, and ending it records that.
 */
export function decideStage(spot: SpotFacts | null, action: StageAction, now: number): StageStep {
  if (!spot) return { kind: "refused", code: action === "end" ? "not_found" : "stage_not_invited" };
  if (lapsed(spot, now)) {
    if (action === "end" || action === "leave" || action === "decline") return ended("expired");
    return { kind: "refused", code: "stage_invite_expired" };
  }
  if (spot.state === "ended") {
    if (action === "end" || action === "leave" || action === "decline") return { kind: "same" };
    return { kind: "refused", code: spot.endedReason === "expired" ? "stage_invite_expired" : "stage_ended" };
  }
  switch (action) {
    case "end":
      return ended("host");
    case "decline":
      return ended("declined");
    case "leave":
      return ended(spot.state === "invited" ? "declined" : "guest");
    case "accept":
      if (spot.state !== "invited") return { kind: "same" };
      return { kind: "move", state: "accepted", expiresAt: now + ACCEPTED_TTL_MS, endedReason: null };
    case "live":
      if (spot.state === "invited") return { kind: "refused", code: "stage_not_invited" };
      if (spot.state === "on_stage") return { kind: "same" };
      return { kind: "move", state: "on_stage", expiresAt: null, endedReason: null };
    case "token":
      // a publisher token only once the viewer said yes: an invitation alone publishes nothing
      return spot.state === "invited" ? { kind: "refused", code: "stage_not_invited" } : { kind: "same" };
  }
}
