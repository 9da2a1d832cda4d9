import type { ErrorCode, ImportViewerLine, OrderItem, ShopConfig } from "../../protocol/index.js";
import { applyChange, type Balance, type LedgerChange } from "./ledger.js";
import { amountRefusal, itemsRefusal, type OrderMoney, orderMoney } from "./orders.js";
import { tierIndexFor, tierStatus } from "./tiers.js";

/** One past order as an import reads it: `line` is where it was in the file. */
export interface PastOrder {
  line: number;
  orderId: string;
  viewerId: string;
  amount: number;
  /** what the old program's coupons took off, in cents */
  discount: number;
  items: readonly OrderItem[];
  paidAt: number;
}

export interface ReplayedOrder {
  order: PastOrder;
  money: OrderMoney;
  /** the ledger entry it makes, when it earned anything */
  change: LedgerChange | null;
  before: Balance;
  after: Balance;
  /** the tier the order leaves the viewer in */
  tier: string;
}

export interface RefusedOrder {
  order: PastOrder;
  code: ErrorCode;
  reason: string;
}

export interface Replay {
  credited: ReplayedOrder[];
  refused: RefusedOrder[];
  /** every viewer's balance after the replay (the starting one for viewers with nothing credited) */
  balances: Map<string, Balance>;
}

type ImportConfig = Pick<
  ShopConfig,
  "tiers" | "pointsPerYuan" | "pointsSpendCapPercent" | "growthPerYuan" | "orderPointsPerYuan"
>;

/** The same idempotency key whoever imports the order, so a ledger never holds one order twice. */
export const importOrderKey = (orderId: string) => `import:order:${orderId}`;
export const importViewerKey = (viewerId: string) => `import:viewer:${viewerId}`;

/** Earlier first; orders paid at the same moment in the order the file gave them. */
export const byDate = (a: PastOrder, b: PastOrder) => a.paidAt - b.paidAt || a.line - b.line;

/** Why an order's money cannot be credited, or null: checked as a line is read and again when it is credited. */
export function moneyRefusal(order: Pick<PastOrder, "amount" | "discount" | "items">): string | null {
  if (amountRefusal(order.amount)) return "amount is not a whole number of cents in range";
  if (amountRefusal(order.discount)) return "discount is not a whole number of cents in range";
  if (order.discount > order.amount) return "discount is larger than the amount";
  if (itemsRefusal(order.items)) return "the items' qty × price add up to more than the largest order";
  return null;
}

/**
 * Credits past orders as they happened: per viewer in date order, each earns what a live order
 * earns (`orderMoney`, the same arithmetic as POST /v1/orders) under the shop's rules at its
 * date, that is with the tier multiplier of the tier the viewer had reached by then. Member days
 * multiply watch points only, so an order's date changes what it earns only through that tier.
 * Nothing else happens: no coupons, triggers, touches or webhooks. A line that cannot be credited
 * whole (bad money, a balance past the largest) is refused and changes nothing.
 */
export function replayOrders(
  orders: readonly PastOrder[],
  start: ReadonlyMap<string, Balance>,
  config: ImportConfig,
): Replay {
  const balances = new Map(start);
  const credited: ReplayedOrder[] = [];
  const refused: RefusedOrder[] = [];
  for (const order of [...orders].sort(byDate)) {
    const wrong = moneyRefusal(order);
    if (wrong) {
      refused.push({ order, code: "amount_invalid", reason: wrong });
      continue;
    }
    const before = balances.get(order.viewerId) ?? { points: 0, growth: 0 };
    const money = orderMoney(
      {
        amount: order.amount,
        discount: order.discount,
        pointsUsed: 0,
        balance: before.points,
        multiplier: tierStatus(before.growth, config.tiers).multiplier,
      },
      config,
    );
    // with no points spent, the only refusals of the arithmetic are about points paying
    if (typeof money === "string") {
      refused.push({ order, code: money, reason: "the order cannot be paid as given" });
      continue;
    }
    let after = before;
    let change: LedgerChange | null = null;
    if (money.pointsEarned > 0 || money.growthEarned > 0) {
      change = {
        delta: money.pointsEarned,
        growthDelta: money.growthEarned,
        reason: "import",
        ref: order.orderId,
        idempotencyKey: importOrderKey(order.orderId),
      };
      const applied = applyChange(before, change);
      if (typeof applied === "string") {
        refused.push({ order, code: applied, reason: "the balance would pass the largest a viewer may hold" });
        continue;
      }
      after = applied;
    }
    balances.set(order.viewerId, after);
    const tier = config.tiers[tierIndexFor(after.growth, config.tiers)]?.key ?? "";
    credited.push({ order, money, change, before, after, tier });
  }
  return { credited, refused, balances };
}

/**
 * What a member brought over from another program starts with: their points, and their growth
 * raised to the threshold of the tier they had, so they start in it. An unknown tier is refused.
 */
export function startingBalance(
  member: Pick<ImportViewerLine, "points" | "growth" | "tier">,
  tiers: ShopConfig["tiers"],
): Balance | { refused: string } {
  const tier = member.tier === undefined ? undefined : tiers.find((t) => t.key === member.tier);
  if (member.tier !== undefined && !tier) {
    return { refused: `no tier ${member.tier}: the shop's tiers are ${tiers.map((t) => t.key).join(", ")}` };
  }
  return { points: member.points, growth: Math.max(member.growth, tier?.threshold ?? 0) };
}
