import { describe, expect, it } from "vitest";
import { DEFAULT_AUTOMATIONS, DEFAULT_CONFIG, type LocalizedText } from "../../protocol/index.js";
import { DAY_MS } from "../../server/domain/coupons.js";
import { birthdayDue } from "../../server/domain/lifecycle/birthday.js";
import { couponExpiringDue, type HeldCouponFacts } from "../../server/domain/lifecycle/coupon-expiring.js";
import { reconcile } from "../../server/domain/lifecycle/due.js";
import { firstOrderDue } from "../../server/domain/lifecycle/first-order.js";
import { pointsExpiryDue } from "../../server/domain/lifecycle/points-expiry.js";
import { type OrderLine, replenishDue } from "../../server/domain/lifecycle/replenish.js";
import { segmentChanges, segmentEnteredDue } from "../../server/domain/lifecycle/segment-entered.js";
import { tierEntryDue } from "../../server/domain/lifecycle/tier-entry.js";
import { growthAfterDowngrade, heldTierSince, tierWindowDue } from "../../server/domain/lifecycle/tier-window.js";
import { winBackDue } from "../../server/domain/lifecycle/win-back.js";
import { birthdayWeekYear } from "../../server/domain/segments.js";

const SH = "Asia/Shanghai";
const NY = "America/New_York";
const at = (iso: string) => Date.parse(iso);
const sh = (local: string) => Date.parse(`${local}+08:00`);
const text = (zh: string, en: string): LocalizedText => ({ "zh-CN": zh, en });
const serum = text("补水精华 30 ml", "Hydrating serum 30 ml");
const A = DEFAULT_AUTOMATIONS;
const tiers = DEFAULT_CONFIG.tiers;

describe("replenish", () => {
  const line = (over: Partial<OrderLine> = {}): OrderLine => ({
    orderId: "o1",
    line: 0,
    sku: "serum",
    paidAt: sh("2024-01-10T20:00:00"),
    usageDays: 30,
    productName: serum,
    ...over,
  });

  it("a 30-day serum: 25 days after payment, while the unit lasts, once per order line", () => {
    expect(replenishDue("amy", [line()], [], A.replenish, SH)).toEqual([
      {
        kind: "replenish",
        viewerId: "amy",
        key: "replenish:o1:0",
        dueAt: sh("2024-02-04T20:00:00"),
        expiresAt: sh("2024-02-09T20:00:00"),
        templateId: null,
        params: { product: serum, days: 5 },
      },
    ]);
  });

  it.each([
    // paidAt, usageDays, leadDays, dueAt
    ["2024-02-10T09:00:00", 30, 5, "2024-03-06T09:00:00"], // leap February
    ["2023-02-10T09:00:00", 30, 5, "2023-03-07T09:00:00"],
    ["2024-01-31T23:59:00", 10, 5, "2024-02-05T23:59:00"], // month end, late at night
    ["2024-03-01T09:00:00", 3, 5, "2024-03-02T09:00:00"], // lasts less than the lead: the next day
    ["2024-03-01T09:00:00", 90, 14, "2024-05-16T09:00:00"],
  ])("paid %s, lasts %s days, lead %s → due %s", (paid, usageDays, leadDays, due) => {
    const [d] = replenishDue("amy", [line({ paidAt: sh(paid), usageDays })], [], { ...A.replenish, leadDays }, SH);
    expect(d?.dueAt).toBe(sh(due));
  });

  it("keeps the wall-clock time across DST in New York", () => {
    const [d] = replenishDue("amy", [line({ paidAt: at("2024-03-01T20:00:00-05:00") })], [], A.replenish, NY);
    expect(d?.dueAt).toBe(at("2024-03-26T20:00:00-04:00"));
  });

  it.each([
    ["the same sku bought again after", [{ sku: "serum", paidAt: sh("2024-01-20T10:00:00") }], 0],
    ["another sku bought after", [{ sku: "mask", paidAt: sh("2024-01-20T10:00:00") }], 1],
    ["the same sku bought before", [{ sku: "serum", paidAt: sh("2023-12-20T10:00:00") }], 1],
    ["the same order's own payment", [{ sku: "serum", paidAt: sh("2024-01-10T20:00:00") }], 1],
  ])("%s → %s reminders", (_name, purchases, count) => {
    expect(replenishDue("amy", [line()], purchases, A.replenish, SH)).toHaveLength(count);
  });

  it("products not used up, and a switched-off automation, send nothing", () => {
    expect(replenishDue("amy", [line({ usageDays: null })], [], A.replenish, SH)).toEqual([]);
    expect(replenishDue("amy", [line()], [], { ...A.replenish, enabled: false }, SH)).toEqual([]);
  });

  it("two lines of one order are two reminders with their own keys", () => {
    const dues = replenishDue("amy", [line(), line({ line: 1, sku: "toner" })], [], A.replenish, SH);
    expect(dues.map((d) => d.key)).toEqual(["replenish:o1:0", "replenish:o1:1"]);
  });
});

describe("first-order follow-up", () => {
  it("the day after the first order, pointing to the coupon in the wallet", () => {
    const coupon = text("复购券", "Come-back coupon");
    const [d] = firstOrderDue(
      "amy",
      { orderId: "o1", paidAt: sh("2024-02-28T23:30:00"), couponName: coupon },
      A.firstOrder,
      SH,
    );
    expect(d).toMatchObject({
      kind: "first_order",
      key: "first_order:o1",
      dueAt: sh("2024-02-29T23:30:00"),
      expiresAt: sh("2024-02-28T23:30:00") + 7 * DAY_MS,
      params: { coupon },
    });
  });

  it("nothing before a first order or when switched off", () => {
    expect(firstOrderDue("amy", null, A.firstOrder, SH)).toEqual([]);
    const first = { orderId: "o1", paidAt: 0, couponName: null };
    expect(firstOrderDue("amy", first, { ...A.firstOrder, enabled: false }, SH)).toEqual([]);
  });
});

describe("coupon expiring", () => {
  const coupon = (over: Partial<HeldCouponFacts> = {}): HeldCouponFacts => ({
    code: "ABCD",
    name: text("满100减30", "¥30 off ¥100"),
    state: "issued",
    issuedAt: sh("2024-03-01T10:00:00"),
    expiresAt: sh("2024-03-31T10:00:00"),
    ...over,
  });
  const now = sh("2024-03-20T12:00:00");

  it("three days before an unused coupon expires, once per coupon", () => {
    expect(couponExpiringDue("amy", [coupon()], A.couponExpiring, now, SH)).toEqual([
      {
        kind: "coupon_expiring",
        viewerId: "amy",
        key: "coupon_expiring:ABCD",
        dueAt: sh("2024-03-28T10:00:00"),
        expiresAt: sh("2024-03-31T10:00:00"),
        templateId: null,
        params: { coupon: coupon().name, days: 3 },
      },
    ]);
  });

  it.each([
    ["redeemed", coupon({ state: "redeemed" })],
    ["revoked", coupon({ state: "revoked" })],
    ["past its expiry", coupon({ expiresAt: sh("2024-03-19T10:00:00") })],
    ["living no longer than the lead", coupon({ issuedAt: sh("2024-03-28T10:00:00") })],
  ])("nothing for a coupon %s", (_name, c) => {
    expect(couponExpiringDue("amy", [c], A.couponExpiring, now, SH)).toEqual([]);
  });
});

describe("win-back ladder", () => {
  const lastWatchAt = sh("2024-01-01T20:00:00");
  const facts = { lastWatchAt, lastOrderAt: null, since: sh("2023-06-01T00:00:00") };

  it("30, 60 and 90 local days after the last visit, each step superseding the one before", () => {
    const dues = winBackDue("amy", facts, A.winBack, SH);
    expect(dues.map((d) => [d.key, d.dueAt, d.expiresAt, d.params.step])).toEqual([
      [`win_back:1:${lastWatchAt}`, sh("2024-01-31T20:00:00"), sh("2024-03-01T20:00:00"), 1],
      [`win_back:2:${lastWatchAt}`, sh("2024-03-01T20:00:00"), sh("2024-03-31T20:00:00"), 2],
      [`win_back:3:${lastWatchAt}`, sh("2024-03-31T20:00:00"), null, 3],
    ]);
  });

  it("counts from the later of watching and ordering, or from the first visit", () => {
    const ordered = { ...facts, lastOrderAt: sh("2024-01-05T09:00:00") };
    expect(winBackDue("amy", ordered, A.winBack, SH)[0]?.dueAt).toBe(sh("2024-02-04T09:00:00"));
    const never = { lastWatchAt: null, lastOrderAt: null, since: sh("2024-01-10T08:00:00") };
    expect(winBackDue("amy", never, A.winBack, SH)[0]?.dueAt).toBe(sh("2024-02-09T08:00:00"));
  });

  it("stops on return: the old ladder's unsent steps are cancelled, a new one starts", () => {
    const before = winBackDue("amy", facts, A.winBack, SH);
    const sentFirst = before.slice(1); // step 1 went out; 2 and 3 wait in the schedule
    const returned = { ...facts, lastWatchAt: sh("2024-02-10T21:00:00") };
    const after = winBackDue("amy", returned, A.winBack, SH);
    const { add, cancel } = reconcile(sentFirst, after);
    expect(cancel).toEqual([`win_back:2:${lastWatchAt}`, `win_back:3:${lastWatchAt}`]);
    expect(add.map((d) => d.dueAt)).toEqual([
      sh("2024-03-11T21:00:00"),
      sh("2024-04-10T21:00:00"),
      sh("2024-05-10T21:00:00"),
    ]);
  });

  it("the same facts give the same keys on every sweep", () => {
    expect(winBackDue("amy", facts, A.winBack, SH)).toEqual(winBackDue("amy", { ...facts }, A.winBack, SH));
    expect(reconcile(winBackDue("amy", facts, A.winBack, SH), winBackDue("amy", facts, A.winBack, SH))).toEqual({
      add: [],
      cancel: [],
    });
  });
});

describe("points expiry", () => {
  const on = { ...A.pointsExpiry, enabled: true };
  const lastActivityAt = sh("2023-03-31T12:00:00");
  const facts = { balance: 1234, lastActivityAt, expired: null };

  it("warns 30 and 3 days before 12 months of inactivity end", () => {
    const { due, expire } = pointsExpiryDue("amy", facts, on, sh("2024-03-15T00:00:00"), SH);
    expect(expire).toBeNull();
    expect(due.map((d) => [d.kind, d.key, d.dueAt, d.expiresAt, d.params])).toEqual([
      [
        "points_expiring",
        "points_expiring:2024-03-31:30",
        sh("2024-03-01T12:00:00"),
        sh("2024-03-28T12:00:00"),
        { points: 1234, days: 30 },
      ],
      [
        "points_expiring",
        "points_expiring:2024-03-31:3",
        sh("2024-03-28T12:00:00"),
        sh("2024-03-31T12:00:00"),
        { points: 1234, days: 3 },
      ],
    ]);
  });

  it("expires the whole balance at the deadline, once, with a touch saying so", () => {
    const { due, expire } = pointsExpiryDue("amy", facts, on, sh("2024-03-31T12:00:00"), SH);
    expect(expire).toEqual({ viewerId: "amy", amount: 1234, at: sh("2024-03-31T12:00:00"), key: "expire:2024-03-31" });
    expect(due.at(-1)).toMatchObject({
      kind: "points_expired",
      key: "points_expired:2024-03-31",
      params: { points: 1234 },
    });
  });

  it("after the expiry is written, keeps only its touch, with the amount that expired", () => {
    const after = { balance: 0, lastActivityAt, expired: { at: sh("2024-03-31T12:00:00"), amount: 1234 } };
    const { due, expire } = pointsExpiryDue("amy", after, on, sh("2024-04-01T08:00:00"), SH);
    expect(expire).toBeNull();
    expect(due).toMatchObject([{ kind: "points_expired", key: "points_expired:2024-03-31", params: { points: 1234 } }]);
  });

  it.each([
    // last activity, months, deadline
    ["2024-02-29T12:00:00", 12, "2025-02-28T12:00:00"], // a leap day's year ends on the 28th
    ["2024-01-31T12:00:00", 1, "2024-02-29T12:00:00"],
    ["2023-01-31T12:00:00", 1, "2023-02-28T12:00:00"],
    ["2023-08-31T12:00:00", 6, "2024-02-29T12:00:00"],
  ])("last activity %s, %s months → expires %s", (last, months, deadline) => {
    const { expire } = pointsExpiryDue(
      "amy",
      { balance: 10, lastActivityAt: sh(last), expired: null },
      { ...on, months, warningDays: [] },
      sh("2030-01-01T00:00:00"),
      SH,
    );
    expect(expire?.at).toBe(sh(deadline));
  });

  it("activity moves the deadline and so the keys; off by default and nothing for an empty balance", () => {
    const later = pointsExpiryDue("amy", { ...facts, lastActivityAt: sh("2023-05-02T09:00:00") }, on, 0, SH);
    expect(later.due[0]?.key).toBe("points_expiring:2024-05-02:30");
    expect(pointsExpiryDue("amy", facts, A.pointsExpiry, sh("2025-01-01T00:00:00"), SH)).toEqual({
      due: [],
      expire: null,
    });
    expect(pointsExpiryDue("amy", { ...facts, balance: 0 }, on, sh("2025-01-01T00:00:00"), SH)).toEqual({
      due: [],
      expire: null,
    });
  });
});

describe("tier window", () => {
  const on = { ...A.tierWindow, enabled: true, noticeDays: 7 };
  const t0 = sh("2024-01-01T00:00:00");
  const silver = { index: 1, since: t0 };

  it("growth ageing out of 12 months: a notice 7 days before the grace ends, then the downgrade", () => {
    const events = [{ at: t0, amount: 600 }];
    const before = tierWindowDue("amy", silver, events, tiers, on, sh("2025-01-20T00:00:00"), SH);
    expect(before.downgrade).toBeNull();
    expect(before.due).toEqual([
      {
        kind: "tier_downgrade_notice",
        viewerId: "amy",
        key: `tier_downgrade_notice:silver:${sh("2025-01-01T00:00:00")}`,
        dueAt: sh("2025-01-24T00:00:00"),
        expiresAt: sh("2025-01-31T00:00:00"),
        templateId: null,
        params: { tier: tiers[1]?.name, days: 7, points: 500 },
      },
    ]);
    const after = tierWindowDue("amy", silver, events, tiers, on, sh("2025-01-31T00:00:00"), SH);
    expect(after.downgrade).toEqual({
      viewerId: "amy",
      from: "silver",
      to: "fan",
      at: sh("2025-01-31T00:00:00"),
      key: `tier_downgrade:silver:${sh("2025-01-01T00:00:00")}`,
    });
  });

  it.each([
    // growth events (local time, amount), the moment the window fell below silver's 500
    ["one old order", [["2024-01-01T00:00:00", 600]], "2025-01-01T00:00:00"],
    [
      "a later order too small to hold",
      [
        ["2024-01-01T00:00:00", 600],
        ["2024-06-01T10:00:00", 300],
      ],
      "2025-01-01T00:00:00",
    ],
    [
      "a later order that holds it",
      [
        ["2024-01-01T00:00:00", 600],
        ["2024-06-01T10:00:00", 500],
      ],
      "2025-06-01T10:00:00",
    ],
    [
      "a refund that took it below",
      [
        ["2024-01-01T00:00:00", 600],
        ["2024-03-31T10:00:00", -200],
      ],
      "2024-03-31T10:00:00",
    ],
    ["growth earned on a leap day", [["2024-02-29T09:00:00", 800]], "2025-02-28T09:00:00"],
  ])("%s", (_name, raw, dropped) => {
    const events = (raw as [string, number][]).map(([local, amount]) => ({ at: sh(local), amount }));
    const [notice] = tierWindowDue("amy", silver, events, tiers, on, t0, SH).due;
    expect(notice?.key).toBe(`tier_downgrade_notice:silver:${sh(dropped)}`);
  });

  it("moves down to the tier the window's growth still reaches", () => {
    const events = [
      { at: t0, amount: 2500 },
      { at: sh("2024-06-01T00:00:00"), amount: 600 },
    ];
    const { downgrade } = tierWindowDue(
      "amy",
      { index: 2, since: t0 },
      events,
      tiers,
      on,
      sh("2025-02-01T00:00:00"),
      SH,
    );
    expect(downgrade).toMatchObject({ from: "gold", to: "silver" });
  });

  it("counts the grace from when the window was switched on, never before", () => {
    const since = sh("2025-03-01T00:00:00");
    const [notice] = tierWindowDue("amy", { index: 1, since }, [{ at: t0, amount: 600 }], tiers, on, since, SH).due;
    expect(notice?.key).toBe(`tier_downgrade_notice:silver:${since}`);
    expect(notice?.dueAt).toBe(sh("2025-03-24T00:00:00"));
  });

  it("nothing for the first tier, or with the window off", () => {
    expect(tierWindowDue("amy", { index: 0, since: t0 }, [], tiers, on, t0, SH)).toEqual({ due: [], downgrade: null });
    expect(tierWindowDue("amy", silver, [], tiers, A.tierWindow, t0, SH)).toEqual({ due: [], downgrade: null });
  });
});

describe("the tier a viewer holds, since when", () => {
  it.each([
    ["never reached", [[1, 100]], 0, null],
    [
      "reached once",
      [
        [1, 300],
        [2, 300],
      ],
      1,
      2,
    ],
    [
      "earning more inside the tier moves nothing",
      [
        [1, 600],
        [2, 100],
      ],
      1,
      1,
    ],
    [
      "up to gold and back down by the window: silver again since the downgrade",
      [
        [1, 2500],
        [5, -1900],
      ],
      1,
      5,
    ],
    [
      "a refund back below and a new climb",
      [
        [1, 600],
        [2, -300],
        [3, 300],
      ],
      1,
      3,
    ],
  ])("%s", (_name, raw, index, since) => {
    const changes = (raw as [number, number][]).map(([at, amount]) => ({ at, amount }));
    expect(heldTierSince(changes, index as number, tiers)).toBe(since);
  });

  it.each([
    // balance, the window's growth, the threshold of the tier moved to → growth left
    [600, 0, 0, 0],
    [2600, 700, 500, 700],
    [2600, 200, 500, 500],
    [450, 700, 0, 450],
  ])("a downgrade from %i with %i in the window to a tier at %i leaves %i", (balance, window, threshold, left) => {
    expect(growthAfterDowngrade(balance, window, { threshold })).toBe(left);
  });
});

describe("tier entry", () => {
  const on = { enabled: true, templates: { gold: "tpl_gold" } };

  it("once per tier per viewer, with the tier's coupon if set; the first tier is no entry", () => {
    const reached = [
      { tierKey: "fan", at: 1 },
      { tierKey: "silver", at: 10 },
      { tierKey: "gold", at: 20 },
      { tierKey: "silver", at: 30 }, // after a downgrade
      { tierKey: "gold", at: 40 }, // and back
    ];
    expect(tierEntryDue("amy", reached, tiers, on).map((d) => [d.key, d.dueAt, d.templateId])).toEqual([
      ["tier_entry:silver", 10, null],
      ["tier_entry:gold", 20, "tpl_gold"],
    ]);
    expect(tierEntryDue("amy", reached, tiers, A.tierEntry)).toEqual([]);
  });
});

describe("birthday", () => {
  it.each([
    // birthday, now (Shanghai), key, due, expires
    ["03-15", "2024-03-01T10:00:00", "birthday:2024", "2024-03-12T00:00:00", "2024-03-19T00:00:00"],
    ["03-15", "2024-03-18T23:59:00", "birthday:2024", "2024-03-12T00:00:00", "2024-03-19T00:00:00"],
    ["03-15", "2024-03-19T00:00:00", "birthday:2025", "2025-03-12T00:00:00", "2025-03-19T00:00:00"],
    ["02-29", "2025-01-10T10:00:00", "birthday:2025", "2025-02-25T00:00:00", "2025-03-04T00:00:00"],
    ["02-29", "2024-01-10T10:00:00", "birthday:2024", "2024-02-26T00:00:00", "2024-03-04T00:00:00"],
    ["01-02", "2024-12-31T10:00:00", "birthday:2025", "2024-12-30T00:00:00", "2025-01-06T00:00:00"],
    ["12-31", "2025-01-02T10:00:00", "birthday:2024", "2024-12-28T00:00:00", "2025-01-04T00:00:00"],
  ])("born %s, at %s → %s from %s to %s", (birthday, now, key, due, expires) => {
    const [d] = birthdayDue("amy", birthday, A.birthday, sh(now), SH);
    expect(d).toMatchObject({ kind: "birthday", key, dueAt: sh(due), expiresAt: sh(expires) });
  });

  it("agrees with the join-time birthday coupon on the week and its year", () => {
    for (const birthday of ["03-15", "02-29", "01-02", "12-31"]) {
      const [d] = birthdayDue("amy", birthday, A.birthday, sh("2024-06-01T00:00:00"), SH);
      if (!d || d.expiresAt === null) throw new Error("expected a birthday week");
      for (const t of [d.dueAt, d.dueAt + DAY_MS / 2, d.expiresAt - 1]) {
        expect(`birthday:${birthdayWeekYear(birthday, t, SH)}`).toBe(d.key);
      }
      expect(birthdayWeekYear(birthday, d.dueAt - 1, SH)).toBeNull();
      expect(birthdayWeekYear(birthday, d.expiresAt, SH)).toBeNull();
    }
  });

  it("starts at local midnight across DST in New York", () => {
    const [d] = birthdayDue("amy", "03-13", A.birthday, at("2024-03-01T12:00:00-05:00"), NY);
    expect(d?.dueAt).toBe(at("2024-03-10T00:00:00-05:00"));
    expect(d?.expiresAt).toBe(at("2024-03-17T00:00:00-04:00"));
  });

  it("nothing without a birthday, with a malformed one, or when switched off", () => {
    expect(birthdayDue("amy", null, A.birthday, 0, SH)).toEqual([]);
    expect(birthdayDue("amy", "3-15", A.birthday, 0, SH)).toEqual([]);
    expect(birthdayDue("amy", "03-15", { ...A.birthday, enabled: false }, 0, SH)).toEqual([]);
  });
});

describe("segment entered", () => {
  const config = {
    segments: {
      high_value: { enabled: true, templateId: "tpl_vip" },
      price_sensitive: { enabled: false, templateId: null },
    },
  };

  it("one touch per entry into a segment switched on", () => {
    const dues = segmentEnteredDue(
      "amy",
      [
        { segment: "high_value", enteredAt: 100 },
        { segment: "price_sensitive", enteredAt: 100 },
        { segment: "dormant", enteredAt: 100 },
      ],
      config,
    );
    expect(dues).toEqual([
      {
        kind: "segment_entered",
        viewerId: "amy",
        key: "segment_entered:high_value:100",
        dueAt: 100,
        expiresAt: 100 + 7 * DAY_MS,
        templateId: "tpl_vip",
        params: { segment: "high_value" },
      },
    ]);
  });

  it("names the segments entered and left between two readings", () => {
    expect(segmentChanges(["dormant", "high_value"], ["high_value", "price_sensitive"])).toEqual({
      entered: ["price_sensitive"],
      left: ["dormant"],
    });
  });
});
