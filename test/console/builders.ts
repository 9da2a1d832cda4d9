/** Server data as the host console receives it, for the console's model and component tests: the widget's builders with a host's values. */
import { DEFAULT_CONFIG } from "../../protocol/config.js";
import type { CouponTemplate } from "../../protocol/coupons.js";
import type { HostStats, OfferView } from "../../protocol/live.js";
import type { Snapshot } from "../../protocol/wire.js";
import { offer, snapshot } from "../widget/builders.js";

export const NOW = 1_790_000_000_000;

/** The widget's snapshot as a host's console (or a viewer's token opening it) first hears it. */
export function snapshotFor(role: "host" | "viewer" | null, extra: Partial<Snapshot> = {}): Snapshot {
  return snapshot({
    serverTime: NOW,
    room: { id: "room-1", title: "Autumn knitwear live", live: false, minTier: null },
    viewer: role ? { id: role === "host" ? "host-lin" : "viewer-amy", name: "Lin", role } : null,
    wallet: null,
    watch: null,
    config: {
      tiers: DEFAULT_CONFIG.tiers,
      memberDays: DEFAULT_CONFIG.memberDays,
      watch: DEFAULT_CONFIG.watch,
      chest: DEFAULT_CONFIG.chest,
      pointsPerYuan: DEFAULT_CONFIG.pointsPerYuan,
    },
    ...extra,
  });
}

export function template(extra: Partial<CouponTemplate> = {}): CouponTemplate {
  return {
    id: "tpl-20off",
    name: { "zh-CN": "会员满减券", en: "Member coupon" },
    kind: "amount",
    value: 2000,
    minSpend: 19900,
    validDays: 7,
    minTier: null,
    stock: 500,
    issued: 0,
    perViewerLimit: 1,
    pointsCost: null,
    active: true,
    ...extra,
  };
}

/** The widget's offer, giving this file's template, started at NOW for a minute. */
export function offerView(extra: Partial<OfferView> = {}): OfferView {
  const tpl = template();
  return offer({
    id: "offer-1",
    coupon: {
      id: tpl.id,
      name: tpl.name,
      kind: tpl.kind,
      value: tpl.value,
      minSpend: tpl.minSpend,
      validDays: tpl.validDays,
    },
    stock: 100,
    remaining: 100,
    startedAt: NOW,
    endsAt: NOW + 60_000,
    ...extra,
  });
}

export function stats(extra: Partial<HostStats> = {}): HostStats {
  return {
    at: NOW,
    viewers: 0,
    commentsPerSecond: 0,
    matchesPerSecond: 0,
    offer: null,
    pointsIssuedThisLive: 0,
    winners: [],
    ...extra,
  };
}
