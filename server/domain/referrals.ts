import { randomBytes } from "node:crypto";
import type { ReferralAction, ReferralConfig } from "../../protocol/index.js";
import { localDay } from "./calendar.js";

/** Why an invite code attaches nobody; each is an error code a shop's backend can act on. */
export type ReferralRefusal =
  | "referrals_off"
  | "referral_unknown"
  | "referral_other_shop"
  | "referral_self"
  | "referral_not_new"
  | "referral_cap";

/** What the rule needs to know about one attempt to attach an invitee by a code. */
export interface ReferralAttempt {
  /** the shop the invitee is joining */
  shopId: string;
  inviteeId: string;
  config: Pick<ReferralConfig, "enabled" | "monthlyCap">;
  /** the code's owner, or null when the code names nobody (or is malformed) */
  code: { shopId: string; viewerId: string } | null;
  /** the invitee's existing referral, if any: who invited them */
  existingInviterId: string | null;
  /** the invitee has a ledger entry, an order or watch time in this shop */
  inviteeHasActivity: boolean;
  /** invitees the code's owner already brought in this month */
  inviterMonthCount: number;
}

/**
 * Decides an invite: "replay" when this same inviter already has the invitee (a reload of the
 * invite link changes nothing), "attach" when it is a new referral, or the refusal.
 * A "new" viewer has no activity in this shop and no referral from anyone.
 */
export function decideReferral(a: ReferralAttempt): "attach" | "replay" | ReferralRefusal {
  if (!a.config.enabled) return "referrals_off";
  if (!a.code) return "referral_unknown";
  if (a.code.shopId !== a.shopId) return "referral_other_shop";
  if (a.code.viewerId === a.inviteeId) return "referral_self";
  if (a.existingInviterId !== null) return a.existingInviterId === a.code.viewerId ? "replay" : "referral_not_new";
  if (a.inviteeHasActivity) return "referral_not_new";
  if (a.inviterMonthCount >= a.config.monthlyCap) return "referral_cap";
  return "attach";
}

/** The month key ("YYYY-MM") an instant falls in, in the shop's zone: the monthly cap counts by it. */
export function referralMonth(at: number, timeZone: string): string {
  return localDay(at, timeZone).key.slice(0, 7);
}

/** What the invitee just did, for deciding whether it is the qualifying action. */
export type ReferralProgress = { kind: "watch"; totalWatchMs: number } | { kind: "first_order" };

/** Whether an invitee's progress is the shop's qualifying action. */
export function qualifies(
  config: Pick<ReferralConfig, "action" | "watchMinutes">,
  progress: ReferralProgress,
): boolean {
  const action: ReferralAction = config.action;
  if (progress.kind === "first_order") return action === "first_order";
  return action === "watch" && progress.totalWatchMs >= config.watchMinutes * 60_000;
}

/** The ledger keys and coupon grant keys of a referral's two rewards: one each, ever. */
export function rewardKeys(inviteeId: string): { inviter: string; invitee: string } {
  return { inviter: `referral:${inviteeId}:inviter`, invitee: `referral:${inviteeId}:invitee` };
}

/** 72 random bits, URL-safe: codes travel in page URLs and must not be guessed. */
export function newReferralCode(random: (n: number) => Uint8Array = randomBytes): string {
  return Buffer.from(random(9)).toString("base64url");
}
