import { DAY_MS } from "../../domain/coupons.js";
import { HIGH_VALUE_TOP_PERCENT, isHighValueLoyal, topSpenderCut } from "../../domain/segments.js";
import type { Executor } from "../../store/executor.js";
import { buyerSpends, rangeEnd } from "../../store/lifecycle-candidates.js";

const YEAR_MS = 365 * DAY_MS;
/** Viewers per statement: a few milliseconds of the database at a time. */
const RANGE = 2000;

export interface Spenders {
  /** the least a buyer must have spent in 12 months to be among the top spenders (high value) */
  cut: number | null;
  /** who is high value now, by the domain's definition */
  highValue: ReadonlySet<string>;
}

/**
 * Every buyer's spend and orders of the last 12 months, read a range of viewers at a time with
 * `pause` between ranges: the top spenders' cut and who is high value now. One statement over a
 * million buyers' orders would hold SQLite (and every socket of this node) for seconds; ranges of
 * viewers walk the orders' viewer index a few milliseconds at a time, with the same result.
 */
export async function readSpenders(
  db: Executor,
  shopId: string,
  now: number,
  pause: () => Promise<void>,
): Promise<Spenders> {
  const since = now - YEAR_MS;
  const spends: number[] = [];
  const buyers: { id: string; spent: number; orders: number }[] = [];
  let after = "";
  for (;;) {
    const upTo = await rangeEnd(db, shopId, after, RANGE);
    for (const row of await buyerSpends(db, shopId, after, upTo, since)) {
      if (row.spent > 0) spends.push(row.spent);
      buyers.push({ id: row.viewer_id, spent: row.spent, orders: row.orders });
    }
    if (upTo === null) break;
    after = upTo;
    await pause();
  }
  const cut = topSpenderCut(spends, HIGH_VALUE_TOP_PERCENT);
  const highValue = new Set<string>();
  for (const b of buyers) {
    if (isHighValueLoyal({ spent12Months: b.spent, orders12Months: b.orders }, cut)) highValue.add(b.id);
  }
  return { cut, highValue };
}
