import type { PanelErrorCode } from "../../i18n/codes.js";
import { minutes } from "../../i18n/minutes.js";

/** The words only the panels beyond the first screen show: they travel in the panel files, not the first load. */
export const en = {
  pointsShort: "pts",
  closePanel: "Close",
  login: { body: "Watch, collect coupons and grab deals.", action: "Log in" },
  coupons: {
    percentOff: (p: number) => `${p}% off`,
    minSpend: (yuan: string) => `orders over ¥${yuan}`,
    noMin: "no minimum",
    empty: "No coupons yet. Watch, exchange points or grab a deal.",
    expires: (date: string) => `until ${date}`,
    copy: "Copy code",
    copied: "Copied",
    states: { issued: "Ready", redeemed: "Used", expired: "Expired", revoked: "Withdrawn" },
    fresh: "New coupon!",
  },
  /** the deal banner's (widget/panels/deal.tsx); what screen readers hear of a deal is the first screen's */
  deal: {
    label: "Live deal",
    title: (keyword: string) => `Comment “${keyword}” to grab it`,
    tap: (keyword: string) => `Send ${keyword}`,
    left: (n: number) => `${n} left`,
    soldOut: "Sold out",
    seconds: (s: number) => `${s}s`,
    draw: "Lucky draw",
    firstCome: "First come",
    minTier: (name: string) => `${name}+ only`,
    pending: "Claiming…",
    ended: "This deal has ended.",
  },
  tabs: { me: "Me", coupons: "Coupons", exchange: "Exchange" },
  tier: {
    toNext: (remaining: number, name: string) => `${remaining.toLocaleString("en")} growth to ${name}`,
    top: "Top tier reached",
    perks: "Your perks",
    nextPerks: (name: string) => `Unlocks at ${name}`,
    up: (name: string) => `You reached ${name}!`,
    growth: "growth",
    multiplier: (m: number) => `×${m} watch points`,
  },
  watch: {
    nextBlock: (points: number, blockSeconds: number) => `+${points} at the next ${minutes(blockSeconds)} min`,
    today: (n: number, cap: number) => `Today ${n}/${cap}`,
    capped: "Today's watch points are full",
  },
  memberDay: "Member day: double watch points today",
  exchange: {
    empty: "Nothing to exchange right now.",
    cost: (n: number) => `${n.toLocaleString("en")} pts`,
    action: "Exchange",
    busy: "Exchanging…",
    left: (n: number) => `${n} left`,
    needs: (n: number) => `${n.toLocaleString("en")} more points needed`,
  },
  gate: {
    label: "Fans-only live",
    opens: (tier: string) => `Open to ${tier} and above`,
    toGo: (growth: number, tier: string) => `${growth.toLocaleString("en")} growth to go to ${tier}`,
    guest: "Log in to see how close you are.",
    earnNothing: "Watch along: points, chests and deals here start at that tier.",
  },
  /** a lucky bag's public draw record (GET /v1/offers/:id/draw) */
  draw: {
    entrant: (name: string) => `Your entry: ${name}`,
    check: "Check this draw",
  },
  chest: { title: "Chest!", open: (n: number) => `Open the chest for +${n}`, opening: "Opening…" },
  remind: { off: "Remind me next live", on: "Reminder set", label: "Live reminder", offAir: "The live has ended" },
  /** the greet panel's: entrance lines and the host's greeting */
  room: {
    /** beside the tier's badge, so a line of one names the viewer alone */
    entrance: (tier: string, name: string, others: number) =>
      others > 0 ? `${name} and ${others} other ${tier} members are here` : `${name} is here`,
    greeting: (host: string | null) => (host ? `${host} says hi!` : "The host says hi!"),
    reasons: {
      birthday: "Happy birthday! 🎂",
      top_tier: "Thank you for being one of our closest fans.",
      new_buyer: "Thanks for your first order!",
      high_intent: "We saw you like today's pick.",
      returning: "Welcome back, we missed you!",
      none: "Welcome to the live!",
    },
    coupon: "A coupon came with it:",
  },
  card: {
    newBuyerTitle: "Thanks for your first order!",
    newBuyerBody: "Goes well with what you bought:",
    howItWorks: "Every ¥1 you spend and every minute you watch grows your tier; higher tiers unlock better perks.",
    dormantTitle: "Welcome back!",
    dormantBody: (n: number) => `You still have ${n.toLocaleString("en")} points waiting for you.`,
    dismiss: "Dismiss",
  },
  video: { play: "Watch the live" },
  inbox: {
    empty: "Nothing here yet. Reminders and coupons the shop sends you between lives wait here.",
    new: "New",
    optOut: "No messages between lives",
    optedOut: "The shop will not message you between lives. Lives themselves are unchanged.",
    optedIn: "Reminders and coupons between lives, never more than a few a week.",
  },
  product: {
    showing: "Now showing",
    badge: "Live",
    buy: "Buy",
    buyNamed: (name: string) => `Buy ${name}`,
    was: "was",
    outOfStock: "Sold out",
    shelfTitle: "In this live",
    loading: "Loading products…",
    empty: "No products in this live yet.",
    retry: "Try again",
    close: "Close",
  },
  errors: {
    chest_none: "There is no chest to open right now.",
    chest_expired: "The chest has closed. Keep watching for the next one.",
    chest_claimed: "You already opened this chest.",
    chest_capped: "Today's watch points are all earned. Chests come back tomorrow.",
    coupon_limit: "You already have as many of these as allowed.",
    exchange_unavailable: "This coupon cannot be exchanged right now.",
    template_paused: "The shop has paused this coupon for now.",
    room_gated: "This fans-only live's chests are for a higher tier.",
  } satisfies Record<PanelErrorCode, string>,
};

export type PanelMessages = typeof en;
