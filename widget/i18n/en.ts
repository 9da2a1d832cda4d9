import type { ClaimRefusal } from "../../protocol/live.js";
import type { ScreenErrorCode } from "./codes.js";

const errors: Record<ScreenErrorCode, string> = {
  bad_request: "That request was not understood.",
  payload_too_large: "That message is too long.",
  rate_limited: "Too fast. Wait a moment and try again.",
  unauthorized: "Please log in again.",
  token_invalid: "Your login is not valid here. Please log in again.",
  token_expired: "Your login has expired. Please log in again.",
  token_alg: "Your login is not valid here. Please log in again.",
  token_claims: "Your login is incomplete. Please log in again.",
  wrong_shop: "Your login belongs to another shop.",
  origin_not_allowed: "This shop has not enabled Encore on this website.",
  forbidden: "You are not allowed to do that.",
  guest: "Log in to take part.",
  room_not_found: "This live room does not exist.",
  viewer_not_found: "Your member account was not found.",
  not_found: "That was not found.",
  insufficient_points: "Not enough points yet.",
  offer_none: "There is no deal right now.",
  offer_ended: "This deal has ended.",
  sold_out: "Sold out.",
  already_claimed: "You already won this deal.",
  tier_too_low: "This deal is for a higher member tier.",
  muted: "You cannot comment in this room right now.",
  comment_blocked: "That comment cannot be posted.",
  video_not_configured: "Live video is not set up for this room yet.",
  internal: "Something went wrong on our side. Please try again.",
  timeout: "No answer from the server. Check your connection and try again.",
  offline: "Not sent: you are offline. Try again once you are back.",
};

const refusals: Record<ClaimRefusal, string> = {
  sold_out: "Sold out. Stay tuned for the next deal!",
  already_claimed: "You already won this one.",
  tier_too_low: "This deal is for a higher tier. Keep watching to level up.",
  offer_ended: "Too late, this deal has ended.",
  guest: "Log in to grab deals.",
  muted: "You cannot take part right now.",
  not_drawn: "Not drawn this time. Better luck next deal!",
  template_paused: "The shop has paused this deal's coupon.",
  room_gated: "Fans-only live: for a higher tier.",
};

export const en = {
  locale: "en",
  brand: "Encore",
  status: {
    connecting: "Connecting…",
    reconnecting: "Reconnecting… showing last known values",
    offline: "Offline",
    retry: "Retry",
    stale: "may be out of date",
  },
  points: "points",
  gain: (n: number) => `+${n}`,
  gainAnnounce: (n: number) => `You earned ${n} points`,
  openPanel: "Open my membership",
  memberPerks: "Member perks",
  collapse: "Hide the overlay",
  expand: "Show the overlay",
  // the rest of login, and the coupons' terms, are the panels' words
  login: { title: "Log in to earn points" },
  chat: {
    placeholder: "Say something…",
    send: "Send",
    label: "Comment",
    ticker: "Live comments",
  },
  // what screen readers hear of a deal; the banner's own words are its panel's
  deal: {
    won: "You got it! The coupon is in your wallet.",
    entered: "You're in the draw. Winners are picked when time is up.",
    announce: (name: string, keyword: string, stock: number) =>
      `Live deal: ${name}. Comment ${keyword} to grab it, ${stock} available.`,
    refusals,
  },
  lazy: { loading: "Loading…", failed: "Could not load this.", retry: "Try again" },
  // the inbox's list and switch are the panel's words
  inbox: { title: "For you" },
  // the card's and the shelf's own words are the panels' (widget/panels/words/)
  product: {
    shelf: "Products",
  },
  errors,
  unknownError: "Something went wrong. Please try again.",
};

/** The first screen's words; the panels carry their own (widget/panels/words/). */
export type ScreenMessages = typeof en;
export default en;
