import { AUTOMATIONS, type Automation, type AutomationReport, type ShopConfig } from "../../../protocol/index.js";
import { DAY_MS } from "../../domain/coupons.js";
import { liftOf } from "../../domain/lifecycle/lift.js";
import type { Executor } from "../../store/executor.js";
import { ordersAfterTouches, redeemedByAutomation, touchCounts } from "../../store/lifecycle.js";

/** Orders count for a touch when paid within this long after it (or after a holdout viewer's turn). */
export const ATTRIBUTION_MS = 30 * DAY_MS;

/** Whether the shop has an automation switched on (segment touches: any segment). */
export function isEnabled(config: ShopConfig, automation: Automation): boolean {
  const settings = config.automations[automation];
  if ("enabled" in settings) return settings.enabled;
  return Object.values(config.automations.segmentEntered.segments).some((s) => s?.enabled);
}

/**
 * Per automation, over the shop's history: whom it was due for, whom it touched, held out or held
 * back, the coupons redeemed, orders and revenue within 30 days of a touch, and the repurchase
 * of touched viewers against its holdout's.
 */
export async function automationReports(db: Executor, shopId: string, config: ShopConfig): Promise<AutomationReport[]> {
  const [counts, redeemed, orders] = await Promise.all([
    touchCounts(db, shopId),
    redeemedByAutomation(db, shopId),
    ordersAfterTouches(db, shopId, ATTRIBUTION_MS),
  ]);
  return AUTOMATIONS.map((automation): AutomationReport => {
    const of = (status: string) => counts.viewers.find((c) => c.automation === automation && c.status === status);
    const touched = of("sent")?.viewers ?? 0;
    const heldOut = of("holdout")?.viewers ?? 0;
    const heldBack = counts.heldBack.get(automation) ?? 0;
    const mine = orders.filter((o) => o.automation === automation);
    const touchedOrders = new Map(mine.filter((o) => o.status === "sent").map((o) => [o.order_id, o.paid]));
    const repurchased = (status: string) =>
      new Set(mine.filter((o) => o.status === status).map((o) => o.viewer_id)).size;
    return {
      automation,
      enabled: isEnabled(config, automation),
      eligible: touched + heldOut + heldBack,
      touched,
      heldOut,
      heldBack,
      couponsRedeemed: redeemed.get(automation) ?? 0,
      orders: touchedOrders.size,
      revenue: [...touchedOrders.values()].reduce((sum, paid) => sum + paid, 0),
      lift: liftOf(
        { viewers: touched, repurchased: repurchased("sent") },
        { viewers: heldOut, repurchased: repurchased("holdout") },
      ),
    };
  });
}
