import type { AutomationsConfig, LocalizedText } from "../../../protocol/index.js";
import type { Due } from "./due.js";
import { addLocalDays } from "./zoned.js";

/** One line of a paid, unrefunded order. */
export interface OrderLine {
  orderId: string;
  /** the line's index in the order: with the order id, what a reminder fires once for */
  line: number;
  sku: string;
  paidAt: number;
  /** days one unit of the product lasts; null for products that are not used up */
  usageDays: number | null;
  productName: LocalizedText;
}

/**
 * Replenishment reminders: `usageDays − leadDays` local days after payment (at least one day), once
 * per order line, while the unit lasts. A line whose sku the viewer bought again after it was paid
 * needs none: that purchase has its own line and its own reminder.
 */
export function replenishDue(
  viewerId: string,
  lines: readonly OrderLine[],
  purchases: readonly { sku: string; paidAt: number }[],
  config: AutomationsConfig["replenish"],
  timeZone: string,
): Due[] {
  if (!config.enabled) return [];
  return lines.flatMap((line): Due[] => {
    if (line.usageDays === null) return [];
    const boughtAgain = purchases.some((p) => p.sku === line.sku && p.paidAt > line.paidAt);
    if (boughtAgain) return [];
    const days = Math.max(1, line.usageDays - config.leadDays);
    return [
      {
        kind: "replenish",
        viewerId,
        key: `replenish:${line.orderId}:${line.line}`,
        dueAt: addLocalDays(line.paidAt, days, timeZone),
        // once the unit has run out, "running low" is no longer true
        expiresAt: addLocalDays(line.paidAt, line.usageDays, timeZone),
        templateId: config.templateId,
        params: { product: line.productName, days: line.usageDays - days },
      },
    ];
  });
}
