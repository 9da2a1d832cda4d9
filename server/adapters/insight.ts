import type {
  ArmResult,
  ExperimentArm,
  ExperimentView,
  Incentive,
  LiveInsight,
  RateComparison,
  ShopInsight,
} from "../../protocol/index.js";
import type { ExperimentRow, OfferRow } from "../store/schema.js";
import { soldOutMs } from "./live.js";

// The dashboard: this live, the shop over time, experiments.

export function toExperimentView(
  row: ExperimentRow,
  results: ArmResult[],
  comparisons: RateComparison[],
): ExperimentView {
  return {
    id: row.id,
    name: row.name,
    incentive: row.incentive as Incentive,
    arms: JSON.parse(row.arms) as ExperimentArm[],
    holdoutPercent: row.holdout_percent,
    minSample: row.min_sample,
    status: row.status === "running" ? "running" : "stopped",
    createdAt: row.created_at,
    stoppedAt: row.stopped_at === null ? null : row.stopped_at,
    results,
    comparisons,
  };
}

type OfferOutcome = {
  offer: Pick<OfferRow, "id" | "template_id" | "started_at" | "stock" | "claimed" | "sold_out_at">;
  redeemed: number;
  revenue: number;
};

export function toOfferInsight({ offer, redeemed, revenue }: OfferOutcome): LiveInsight["offers"][number] {
  return {
    id: offer.id,
    templateId: offer.template_id,
    startedAt: offer.started_at,
    stock: offer.stock,
    claimed: offer.claimed,
    soldOutMs: soldOutMs(offer),
    redeemed,
    revenue,
  };
}

/** "This live" from its figures; a room that never went live has none. */
export function toLiveInsight(
  roomId: string,
  since: number | null,
  figures: {
    viewers: LiveInsight["viewers"];
    watch: { viewers: number; totalMs: number; distribution: LiveInsight["watch"]["distribution"] };
    pointsIssued: number;
    offers: OfferOutcome[];
  } | null,
): LiveInsight {
  if (since === null || figures === null) {
    return {
      roomId,
      since,
      viewers: [],
      watch: { viewers: 0, averageMinutes: 0, distribution: [] },
      pointsIssued: 0,
      offers: [],
    };
  }
  const { watch } = figures;
  return {
    roomId,
    since,
    viewers: figures.viewers,
    watch: {
      viewers: watch.viewers,
      averageMinutes: watch.viewers === 0 ? 0 : watch.totalMs / watch.viewers / 60_000,
      distribution: watch.distribution,
    },
    pointsIssued: figures.pointsIssued,
    offers: figures.offers.map(toOfferInsight),
  };
}

/** "The shop over time", with every coupon source present so its table keeps the same rows from shop to shop. */
export function toShopInsight(
  figures: Omit<ShopInsight, "repurchaseRate" | "coupons"> & { coupons: ShopInsight["coupons"] },
  sources: readonly string[],
): ShopInsight {
  const { buyers, repeatBuyers } = figures;
  return {
    buyers,
    repeatBuyers,
    repurchaseRate: buyers === 0 ? 0 : repeatBuyers / buyers,
    cohorts: figures.cohorts,
    tiers: figures.tiers,
    segments: figures.segments,
    coupons: sources.map(
      (source) => figures.coupons.find((s) => s.source === source) ?? { source, issued: 0, redeemed: 0 },
    ),
    revenue: figures.revenue,
    referrals: figures.referrals,
  };
}
