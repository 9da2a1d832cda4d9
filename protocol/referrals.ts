import { z } from "zod";
import { Id } from "./tokens.js";

/**
 * Referrals (老带新): a viewer's invite link is the streamer's page with `encore_ref=<code>`; the
 * widget reads it from the page URL and sends it at join. This module is zod: only the server,
 * the panel's types and the back office's types read it.
 */

/** What the invited viewer must do for both to be rewarded. */
export const REFERRAL_ACTIONS = ["watch", "first_order"] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];

/** How both viewers are rewarded: points through the ledger, or a coupon through the one issuing path. */
export const REFERRAL_REWARDS = ["points", "coupon"] as const;
export type ReferralReward = (typeof REFERRAL_REWARDS)[number];

/** An invite code as it travels in a page URL: unguessable, URL-safe. */
export const ReferralCode = z.string().regex(/^[A-Za-z0-9_-]{8,32}$/);

const TemplateRef = z.string().max(64).nullable().default(null);

export const ReferralConfig = z
  .object({
    /** off by default: a shop switches referrals on in the back office */
    enabled: z.boolean(),
    action: z.enum(REFERRAL_ACTIONS),
    /** verified watch minutes the invitee needs when the action is "watch" */
    watchMinutes: z.number().int().min(1).max(600),
    reward: z.enum(REFERRAL_REWARDS),
    inviterPoints: z.number().int().min(0).max(1_000_000),
    inviteePoints: z.number().int().min(0).max(1_000_000),
    inviterTemplateId: TemplateRef,
    inviteeTemplateId: TemplateRef,
    /** referrals one inviter may bring in a calendar month of the shop's zone */
    monthlyCap: z.number().int().min(1).max(10_000),
  })
  .superRefine((config, ctx) => {
    if (config.reward !== "coupon") return;
    for (const key of ["inviterTemplateId", "inviteeTemplateId"] as const) {
      if (!config[key]) ctx.addIssue({ code: "custom", path: [key], message: "a coupon reward needs a template" });
    }
  });
export type ReferralConfig = z.infer<typeof ReferralConfig>;

export const DEFAULT_REFERRALS: ReferralConfig = {
  enabled: false,
  action: "watch",
  watchMinutes: 10,
  reward: "points",
  inviterPoints: 200,
  inviteePoints: 100,
  inviterTemplateId: null,
  inviteeTemplateId: null,
  monthlyCap: 20,
};

/** The viewer's own invite: what the widget's invite card shows (`referral:get`). */
export const ReferralCard = z.object({
  code: ReferralCode,
  action: z.enum(REFERRAL_ACTIONS),
  watchMinutes: z.number().int(),
  reward: z.enum(REFERRAL_REWARDS),
  inviterPoints: z.number().int(),
  inviteePoints: z.number().int(),
  /** viewers this code brought in, and how many of them completed */
  joined: z.number().int(),
  completed: z.number().int(),
});
export type ReferralCard = z.infer<typeof ReferralCard>;

/** `POST /v1/referrals`: a shop attaches a viewer who signed up through an invite elsewhere. */
export const ReferralBody = z.object({ viewerId: Id, code: z.string().min(1).max(64) }).strict();
export type ReferralBody = z.infer<typeof ReferralBody>;

export const REFERRAL_STATES = ["joined", "completed"] as const;
export const ReferralView = z.object({
  inviterId: z.string(),
  inviteeId: z.string(),
  state: z.enum(REFERRAL_STATES),
  joinedAt: z.number().int(),
  completedAt: z.number().int().nullable(),
});
export type ReferralView = z.infer<typeof ReferralView>;

/** The dashboard's funnel: invite links handed out → invitees who joined → qualified → first orders. */
export const ReferralFunnel = z.object({
  invites: z.number().int(),
  joins: z.number().int(),
  qualified: z.number().int(),
  firstOrders: z.number().int(),
});
export type ReferralFunnel = z.infer<typeof ReferralFunnel>;
