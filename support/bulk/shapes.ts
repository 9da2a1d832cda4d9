import type { ShopConfig } from "../../protocol/index.js";
import { toWallet } from "../../server/adapters.js";
import { localDay } from "../../server/domain/calendar.js";
import { tierStatus } from "../../server/domain/tiers.js";

/**
 * What the seeder writes millions of times over, made once and filled in: the same text the
 * server's own functions produce (checked against them in test/unit/bulk-shapes.test.ts), at a
 * fraction of their cost when repeated. A million-member shop asks for ~2.1M wallets inside order
 * and refund answers, each some 550 bytes of tier names and perks that depend only on the tier,
 * and ~0.8M calendar days through Intl, which is slow.
 */

/** Time zones move in steps of a quarter hour, so every instant of a quarter hour falls on the same day. */
const QUARTER_HOUR_MS = 15 * 60_000;

/** The shop-time day key of an instant (`localDay(at, zone).key`), remembered per quarter hour. */
export function dayKeys(timeZone: string): (at: number) => string {
  const known = new Map<number, string>();
  return (at) => {
    const quarter = Math.floor(at / QUARTER_HOUR_MS);
    let key = known.get(quarter);
    if (key === undefined) {
      key = localDay(at, timeZone).key;
      known.set(quarter, key);
    }
    return key;
  };
}

const MARKS = {
  points: "@@points@@",
  growth: "@@growth@@",
  remaining: "@@remaining@@",
  progress: "@@progress@@",
} as const;
const SPLIT = new RegExp(`"(${Object.values(MARKS).join("|")})"`);

/**
 * `JSON.stringify(toWallet(balance, config))`: each tier's wallet is serialised once with marks
 * where the balance-dependent numbers go; those numbers still come from `tierStatus`.
 */
export function walletJson(config: ShopConfig): (balance: { points: number; growth: number }) => string {
  const shapes = config.tiers.map((tier) => {
    const wallet = toWallet({ points: 0, growth: tier.threshold }, config);
    const marked = {
      ...wallet,
      points: MARKS.points,
      growth: MARKS.growth,
      tier: {
        ...wallet.tier,
        next: wallet.tier.next ? { ...wallet.tier.next, remaining: MARKS.remaining } : null,
        progress: MARKS.progress,
      },
    };
    return JSON.stringify(marked).split(SPLIT);
  });
  return ({ points, growth }) => {
    const status = tierStatus(growth, config.tiers);
    const values: Record<string, number> = {
      [MARKS.points]: points,
      [MARKS.growth]: growth,
      [MARKS.remaining]: status.next?.remaining ?? 0,
      [MARKS.progress]: status.progress,
    };
    let text = "";
    for (const part of shapes[status.index] as string[]) {
      const value = values[part];
      text += value === undefined ? part : JSON.stringify(value);
    }
    return text;
  };
}

/** Where a wallet goes in an answer serialised around it (`withWallet`). */
export const WALLET_MARK = "@@wallet@@";
export type MarkedWallet<T> = Omit<T, "wallet"> & { wallet: typeof WALLET_MARK };

/** An answer serialised with `WALLET_MARK` in its wallet's place, the wallet's JSON put there. */
export const withWallet = (json: string, wallet: string): string => json.replace(`"${WALLET_MARK}"`, wallet);
