import { createHash } from "node:crypto";
import { candidateWindows } from "../../domain/lifecycle/candidates.js";
import type { Executor } from "../../store/executor.js";
import {
  birthdaysUntouched,
  changedSince,
  couponsExpiringWithin,
  createdWithin,
  endOrdersWithin,
  growthAtLeast,
  ledgerWithin,
  linesPaidWithin,
  productsUsedUp,
  segmentMembers,
  watchedWithin,
  withOpenTouches,
} from "../../store/lifecycle-candidates.js";
import type { Shop } from "../shops.js";

/**
 * How far before the last sweep's moment changes are looked for again: a write that took its time
 * just before that sweep began may have committed after the sweep read its viewer, and nodes'
 * clocks differ by a little.
 */
export const CHANGE_MARGIN_MS = 10 * 60_000;

/**
 * What the rules' outcome depends on beyond each viewer's facts and the date: the automations, the
 * tiers, the zone and the products' usage days. A sweep narrows only when the last one ran with the
 * same; a change reads everyone once (turning replenishment on makes every recent order line due).
 */
export async function sweepFingerprint(db: Executor, shop: Shop): Promise<number> {
  const { automations, tiers, timezone } = shop.config;
  const text = JSON.stringify({ automations, tiers, timezone, usage: await productsUsedUp(db, shop.id) });
  // 48 bits: a whole number both databases store exactly
  return Number.parseInt(createHash("sha256").update(text).digest("hex").slice(0, 12), 16);
}

export interface CandidateFacts {
  /** the last complete sweep's moment */
  lastSweep: number;
  now: number;
  tierWindowSince: number | null;
  /** who is high value now */
  highValue: ReadonlySet<string>;
  /** the shop's first-but-one tier's threshold: who holds a tier the window can take away */
  tieredFrom: number | null;
}

/**
 * The viewers a sweep at `now` must read, sorted by id, when the last complete sweep ran at
 * `lastSweep` with the same settings: those whose facts changed since, those with a touch still
 * waiting, those some rule's date falls between the two sweeps for (the domain's windows), and
 * those whose segments can change by the date alone (new buyers and high intent lapse, the top
 * spenders' cut moves). Everyone else would get the same answer from every rule as last time.
 */
export async function sweepCandidates(
  db: Executor,
  shop: Shop,
  facts: CandidateFacts,
  pause: () => Promise<void>,
): Promise<string[]> {
  const since = facts.lastSweep - CHANGE_MARGIN_MS;
  const windows = candidateWindows({
    config: shop.config,
    usage: await productsUsedUp(db, shop.id),
    lastSweep: facts.lastSweep,
    since,
    now: facts.now,
    tierWindowSince: facts.tierWindowSince,
  });
  // one read at a time with a turn of the event loop between: on SQLite each holds the node's connection
  const reads: (() => Promise<string[]>)[] = [
    () => changedSince(db, shop.id, since),
    () => withOpenTouches(db, shop.id),
    ...windows.lines.map((l) => () => linesPaidWithin(db, shop.id, l.span, l.skus)),
    () => endOrdersWithin(db, shop.id, windows.firstOrders, "first"),
    () => endOrdersWithin(db, shop.id, windows.lastOrders, "last"),
    () => watchedWithin(db, shop.id, windows.watched),
    () => createdWithin(db, shop.id, windows.created),
    () => couponsExpiringWithin(db, shop.id, windows.couponsExpiring),
    () => ledgerWithin(db, shop.id, windows.ledger),
    ...windows.birthdays.map((b) => () => birthdaysUntouched(db, shop.id, b.year, b.days)),
    () => segmentMembers(db, shop.id, ["new_buyer", "high_intent"]),
  ];
  const { tieredFrom } = facts;
  if (windows.allTiered && tieredFrom !== null) reads.push(() => growthAtLeast(db, shop.id, tieredFrom));
  const found = new Set<string>();
  for (const read of reads) {
    for (const id of await read()) found.add(id);
    await pause();
  }

  // high value: only those whose membership differs from the stored one (the cut moves every day)
  const stored = await segmentMembers(db, shop.id, ["high_value"]);
  const before = new Set(stored);
  for (const id of facts.highValue) if (!before.has(id)) found.add(id);
  for (const id of stored) if (!facts.highValue.has(id)) found.add(id);

  return [...found].sort();
}
