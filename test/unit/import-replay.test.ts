import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type OrderResponse, parseCsvLine } from "../../protocol/index.js";
import { toWallet } from "../../server/adapters.js";
import { type PastOrder, replayOrders, startingBalance } from "../../server/domain/import.js";
import { orderMoney } from "../../server/domain/orders.js";
import { importedAnswer } from "../../server/services/import/answer.js";
import { fileLines } from "../../server/services/import/lines.js";

const config = DEFAULT_CONFIG;
let line = 0;
const order = (viewerId: string, amount: number, paidAt: number, extra: Partial<PastOrder> = {}): PastOrder => ({
  line: ++line,
  orderId: `o${line}`,
  viewerId,
  amount,
  discount: 0,
  items: [],
  paidAt,
  ...extra,
});

describe("replaying past orders", () => {
  it("credits each viewer's orders in date order, at the tier reached by then", () => {
    // ¥3,000 makes Gold (growth 3000 ≥ 2000): the ¥500 order paid after it earns ×1.5, before it ×1
    const big = order("ann", 300_000, 1000);
    const small = order("ann", 50_000, 2000);
    const early = order("bo", 50_000, 500);
    const late = order("bo", 300_000, 600);
    const { credited, balances } = replayOrders([small, big, late, early], new Map(), config);
    expect(credited.map((c) => c.order.orderId)).toEqual([early.orderId, late.orderId, big.orderId, small.orderId]);
    expect(balances.get("ann")).toEqual({ points: 3000 + 750, growth: 3500 });
    expect(balances.get("bo")).toEqual({ points: 500 + 3000 * 1.2, growth: 3500 });
    expect(credited.map((c) => c.tier)).toEqual(["silver", "gold", "gold", "gold"]);
  });

  it("earns what live crediting earns for the same order and balance", () => {
    const start = new Map([["cy", { points: 10, growth: 8000 }]]);
    const o = order("cy", 123_456, 1, { discount: 3456 });
    const [c] = replayOrders([o], start, config).credited;
    const live = orderMoney({ amount: 123_456, discount: 3456, pointsUsed: 0, balance: 10, multiplier: 2 }, config);
    expect(c?.money).toEqual(live);
    expect(c?.change).toMatchObject({ reason: "import", ref: o.orderId, idempotencyKey: `import:order:${o.orderId}` });
  });

  it.each([
    ["a negative amount", { amount: -1 }],
    ["a fractional amount", { amount: 10.5 }],
    ["a discount over the amount", { amount: 100, discount: 200 }],
    ["items adding up past the largest order", { items: [{ sku: "x", qty: 10_000, price: 100_000_000 }] }],
  ])("refuses %s and changes nothing", (_, extra) => {
    const o = order("dee", 1000, 1, extra as Partial<PastOrder>);
    const replay = replayOrders([o], new Map(), config);
    expect(replay.credited).toEqual([]);
    expect(replay.refused).toEqual([{ order: o, code: "amount_invalid", reason: expect.any(String) }]);
    expect(replay.balances.has("dee")).toBe(false);
  });

  it("credits an order under ¥1 with no ledger change", () => {
    const [c] = replayOrders([order("eve", 99, 1)], new Map(), config).credited;
    expect(c?.change).toBeNull();
    expect(c?.after).toEqual({ points: 0, growth: 0 });
  });
});

describe("a member's starting balance", () => {
  it.each([
    [
      { points: 5, growth: 10, tier: "gold" },
      { points: 5, growth: 2000 },
    ],
    [
      { points: 5, growth: 9000, tier: "gold" },
      { points: 5, growth: 9000 },
    ],
    [
      { points: 0, growth: 7 },
      { points: 0, growth: 7 },
    ],
  ])("%j starts at %j", (member, balance) => {
    expect(startingBalance(member, config.tiers)).toEqual(balance);
  });
  it("refuses a tier the shop does not have", () => {
    expect(startingBalance({ points: 0, growth: 0, tier: "platinum" }, config.tiers)).toEqual({
      refused: expect.stringContaining("platinum"),
    });
  });
});

describe("an imported order's answer", () => {
  it.each([0, 499, 500, 1999, 7999, 8000, 123_456])(
    "at growth %i is the answer live crediting would build",
    (growth) => {
      const money = {
        memberDiscount: 0,
        discount: 0,
        pointsUsed: 0,
        pointsValue: 0,
        paid: 10_000,
        pointsEarned: 120,
        growthEarned: 100,
      };
      const after = { points: 777, growth };
      const expected: OrderResponse = {
        orderId: "o-1",
        viewerId: "v-1",
        amount: 10_000,
        ...money,
        couponCode: null,
        perks: [],
        granted: [],
        wallet: toWallet(after, config),
        refunded: false,
      };
      expect(
        JSON.parse(importedAnswer({ orderId: "o-1", viewerId: "v-1", amount: 10_000 }, money, after, config.tiers)),
      ).toEqual(expected);
    },
  );
});

async function linesOf(chunks: string[], max = 20) {
  const out = [];
  for await (const l of fileLines(
    (async function* () {
      yield* chunks.map((c) => Buffer.from(c));
    })(),
    max,
  ))
    out.push(l);
  return out;
}

describe("reading an import file", () => {
  it("splits lines across chunks, drops CR and a BOM, skips blank lines but counts them", async () => {
    expect(await linesOf(["\uFEFFab", "c\r\n\r\n  \nd", "ef"])).toEqual([
      { line: 1, text: "abc" },
      { line: 4, text: "def" },
    ]);
  });
  it("reports a line past the limit as too long and reads on", async () => {
    expect(await linesOf(["x".repeat(15), "y".repeat(15), "\nok\n"], 20)).toEqual([
      { line: 1, tooLong: true },
      { line: 2, text: "ok" },
    ]);
  });
  it.each([
    ['a,"b,c",d', ["a", "b,c", "d"]],
    ['"say ""hi""",', ['say "hi"', ""]],
    ['"open,1', null],
  ])("parses the CSV line %s", (text, fields) => {
    expect(parseCsvLine(text)).toEqual(fields);
  });
});
