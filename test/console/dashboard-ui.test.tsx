// @vitest-environment happy-dom
import { fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { mountHost } from "../../console/index.js";
import { csvName, toCsv } from "../../console/models/csv.js";
import { HostEvent, ServerEvent } from "../../protocol/events.js";
import type { ExperimentView, Insight } from "../../protocol/insight.js";
import type { AutomationReport } from "../../protocol/lifecycle.js";
import { FakeTransport } from "../helpers/fake-transport.js";
import { NOW, snapshotFor, stats, template } from "./builders.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  document.body.innerHTML = "";
});

const experiment: ExperimentView = {
  id: "exp_1",
  name: "Deal value",
  incentive: "offer_coupon",
  arms: [
    { key: "a", templateId: "tpl_1" },
    { key: "b", templateId: "tpl_1" },
  ],
  holdoutPercent: 0,
  minSample: 100,
  status: "running",
  createdAt: NOW - 1000,
  stoppedAt: null,
  results: [
    {
      arm: "a",
      exposed: 1000,
      claimed: 100,
      claimRate: 0.1,
      redeemed: 50,
      redemptionRate: 0.05,
      orders: 80,
      revenue: 800_000,
      ordersPerViewer: 0.08,
      revenuePerViewer: 800,
    },
    {
      arm: "b",
      exposed: 1000,
      claimed: 150,
      claimRate: 0.15,
      redeemed: 52,
      redemptionRate: 0.052,
      orders: 90,
      revenue: 900_000,
      ordersPerViewer: 0.09,
      revenuePerViewer: 900,
    },
  ],
  comparisons: [
    {
      arm: "b",
      against: "a",
      metric: "claim",
      diff: 0.05,
      low: 0.021,
      high: 0.079,
      z: 3.4,
      pValue: 0.0007,
      verdict: "better",
    },
    {
      arm: "b",
      against: "a",
      metric: "redemption",
      diff: 0.002,
      low: -0.017,
      high: 0.021,
      z: 0.2,
      pValue: 0.84,
      verdict: "not_enough_data",
    },
  ],
};

const insight: Insight = {
  at: NOW,
  live: {
    roomId: "room-1",
    since: NOW - 3600_000,
    viewers: [
      { at: NOW - 120_000, viewers: 12 },
      { at: NOW - 60_000, viewers: 30 },
    ],
    watch: {
      viewers: 4,
      averageMinutes: 41.25,
      distribution: [
        { fromMinutes: 0, toMinutes: 10, viewers: 1 },
        { fromMinutes: 10, toMinutes: 30, viewers: 1 },
        { fromMinutes: 30, toMinutes: 60, viewers: 1 },
        { fromMinutes: 60, toMinutes: null, viewers: 1 },
      ],
    },
    pointsIssued: 60,
    offers: [
      {
        id: "off_1",
        templateId: "tpl_1",
        startedAt: NOW - 600_000,
        stock: 10,
        claimed: 10,
        soldOutMs: 45_000,
        redeemed: 1,
        revenue: 8_000,
      },
    ],
  },
  shop: {
    buyers: 4,
    repeatBuyers: 2,
    repurchaseRate: 0.5,
    cohorts: [{ weekStart: Date.UTC(2026, 0, 5), buyers: 2, retained: [1, 0, 1, 0] }],
    tiers: [
      { tier: "fan", viewers: 2 },
      { tier: "silver", viewers: 1 },
    ],
    segments: { highIntent: 2, newBuyer: 1, dormant: 3 },
    coupons: [{ source: "deal", issued: 3, redeemed: 1 }],
    revenue: { total: 77_000, withCoupon: 28_000, ordersWithCoupon: 3 },
    referrals: { invites: 12, joins: 7, qualified: 5, firstOrders: 2 },
  },
  experiments: [experiment],
  templates: [
    {
      id: "tpl_1",
      name: { "zh-CN": "会员满减券", en: "Member coupon" },
      kind: "amount",
      value: 2000,
      minSpend: 19_900,
    },
  ],
  automations: [
    automation({
      automation: "replenish",
      eligible: 220,
      touched: 180,
      heldOut: 20,
      heldBack: 20,
      couponsRedeemed: 45,
      orders: 52,
      revenue: 1_138_800,
      lift: {
        touched: { viewers: 180, repurchased: 54, rate: 0.3 },
        holdout: { viewers: 20, repurchased: 2, rate: 0.1 },
        diff: 0.2,
        low: 0.05,
        high: 0.35,
        verdict: "better",
      },
    }),
    automation({ automation: "winBack", eligible: 12, touched: 10, heldOut: 1, heldBack: 1 }),
    // off and never due: nothing to show
    automation({ automation: "birthday", enabled: false }),
    // off now, with what it did while it was on
    automation({
      automation: "pointsExpiry",
      enabled: false,
      eligible: 40,
      touched: 36,
      heldOut: 4,
      lift: {
        touched: { viewers: 36, repurchased: 9, rate: 0.25 },
        holdout: { viewers: 4, repurchased: 1, rate: 0.25 },
        diff: 0,
        low: -0.4,
        high: 0.4,
        verdict: "no_clear_difference",
      },
    }),
  ],
  campaignDays: {
    sinceDays: 28,
    campaign: { days: 4, orders: 6.5, revenue: 123_450, watchMinutes: 310.25 },
    ordinary: { days: 24, orders: 2, revenue: 40_000, watchMinutes: 95 },
  },
};

function automation(overrides: Partial<AutomationReport>): AutomationReport {
  return {
    automation: "replenish",
    enabled: true,
    eligible: 0,
    touched: 0,
    heldOut: 0,
    heldBack: 0,
    couponsRedeemed: 0,
    orders: 0,
    revenue: 0,
    lift: {
      touched: { viewers: 0, repurchased: 0, rate: 0 },
      holdout: { viewers: 0, repurchased: 0, rate: 0 },
      diff: null,
      low: null,
      high: null,
      verdict: "not_enough_data",
    },
    ...overrides,
  };
}

async function openDashboard(locale: "en" | "zh-CN" = "en", data: Insight = insight) {
  const transport = new FakeTransport()
    .answer(HostEvent.templates, { ok: true, data: { templates: [template()] } })
    .answer(HostEvent.stats, { ok: true, data: stats() })
    .answer(HostEvent.insight, { ok: true, data });
  const element = document.createElement("div");
  document.body.append(element);
  cleanups.push(mountHost(element, { room: "room-1", token: "host.jwt", locale, transport }));
  const shadow = element.querySelector("[data-encore-host]")?.shadowRoot as ShadowRoot;
  const ui = within(shadow as unknown as HTMLElement);
  transport.setLink({ state: "online" });
  transport.push(ServerEvent.snapshot, snapshotFor("host"));
  fireEvent.click(await ui.findByRole("tab", { name: locale === "en" ? "Dashboard" : "数据看板" }));
  await ui.findByRole("table", { name: locale === "en" ? "Offers this live" : "本场扣1活动" });
  return { transport, shadow, ui };
}

describe("host console: the dashboard", () => {
  it("loads the figures only when the dashboard is opened, and shows each one", async () => {
    const { transport, shadow } = await openDashboard();
    expect(transport.calls.filter((c) => c.event === HostEvent.insight)).toHaveLength(1);
    const figure = (id: string) => shadow.querySelector(`[data-figure="${id}"]`)?.textContent;
    expect(figure("repurchase-rate")).toBe("50.0%");
    expect(figure("revenue-with-coupon")).toBe("280.00");
    expect(figure("live-average-watch")).toBe("41.3");
    expect(figure("live-points")).toBe("60");
    const cells = (table: string) =>
      [...shadow.querySelectorAll(`table[aria-label="${table}"] tbody td`)].map((td) => td.textContent);
    expect(cells("Offers this live")).toEqual([
      expect.any(String),
      expect.any(String),
      "10",
      "10",
      "45.0 s",
      "1",
      "80.00",
    ]);
    expect(cells("First-order cohorts: came back in week…")).toEqual(["2026-01-05", "2", "1", "0", "1", "0"]);
    expect(cells("Segments")).toEqual(["High intent", "2", "New buyer", "1", "Dormant", "3"]);
    expect(cells("Coupons issued vs redeemed")).toEqual(["Deal (扣1)", "3", "1"]);
    expect(cells("Invites")).toEqual([
      "Invite links handed out",
      "12",
      "Friends who joined",
      "7",
      "Qualified (both rewarded)",
      "5",
      "Friends' first orders",
      "2",
    ]);
    expect(cells("Campaign days vs ordinary days (last 28 days)")).toEqual([
      "Campaign days",
      "4",
      "6.5",
      "1234.50",
      "310.3",
      "Ordinary days",
      "24",
      "2.0",
      "400.00",
      "95.0",
    ]);
    // charts are inline SVG
    expect(shadow.querySelector('svg[aria-label="Viewers over time"]')?.getAttribute("data-points")).toBe("2");
  });

  it("says what an experiment shows, and 'not enough data yet' instead of a winner by noise", async () => {
    const { shadow } = await openDashboard();
    const lines = [...shadow.querySelectorAll(`[data-experiment="exp_1"] li`)].map((li) => li.textContent);
    expect(lines).toEqual([
      "b vs a, claim rate: +5.0 pts (95% CI +2.1 to +7.9) — better",
      "b vs a, redemption rate: not enough data yet",
    ]);
  });

  it("starts and stops experiments through the host socket", async () => {
    const { transport, ui, shadow } = await openDashboard();
    transport.answer(HostEvent.experimentStart, (payload) => ({
      ok: true,
      data: { ...experiment, id: "exp_2", name: payload.name, createdAt: NOW },
    }));
    transport.answer(HostEvent.experimentStop, {
      ok: true,
      data: { ...experiment, status: "stopped", stoppedAt: NOW },
    });
    const form = ui.getByRole("form", { name: "New experiment" });
    fireEvent.input(within(form).getByLabelText("Name"), { target: { value: "Watch rate" } });
    fireEvent.change(within(form).getByLabelText("Incentive"), { target: { value: "watch_rate" } });
    await waitFor(() => expect(within(form).getByLabelText("Arm A (control)").tagName).toBe("INPUT"));
    fireEvent.input(within(form).getByLabelText("Arm B"), { target: { value: "20" } });
    fireEvent.input(within(form).getByLabelText("Holdout %"), { target: { value: "10" } });
    fireEvent.submit(form);
    await waitFor(() => expect(transport.calls.some((c) => c.event === HostEvent.experimentStart)).toBe(true));
    expect(transport.calls.find((c) => c.event === HostEvent.experimentStart)?.payload).toEqual({
      name: "Watch rate",
      incentive: "watch_rate",
      arms: [
        { key: "a", pointsPerBlock: 10 },
        { key: "b", pointsPerBlock: 20 },
      ],
      holdoutPercent: 10,
      minSample: 100,
    });
    // the new experiment joins the list, newest first
    await waitFor(() => expect(shadow.querySelector('[data-experiment="exp_2"]')).not.toBeNull());
    const card = within(shadow.querySelector('[data-experiment="exp_1"]') as HTMLElement);
    fireEvent.click(card.getByRole("button", { name: "Stop" }));
    await waitFor(() =>
      expect(transport.calls.find((c) => c.event === HostEvent.experimentStop)?.payload).toEqual({
        experimentId: "exp_1",
      }),
    );
    await waitFor(() => expect(card.queryByRole("button", { name: "Stop" })).toBeNull());
  });
});

describe("host console: the dashboard names what it shows", () => {
  it("offers and experiment arms by their coupon's name and terms, never by id", async () => {
    const { shadow, ui } = await openDashboard();
    const offers = shadow.querySelector('table[aria-label="Offers this live"]') as HTMLElement;
    expect(offers.querySelector("tbody td")?.textContent).toBe("Member coupon · ¥20 off orders over ¥199");
    const arms = shadow.querySelector('table[aria-label="Experiments: Deal value"]') as HTMLElement;
    expect([...arms.querySelectorAll("tbody tr td:first-child")].map((td) => td.textContent)).toEqual([
      "a · Member coupon · ¥20 off orders over ¥199",
      "b · Member coupon · ¥20 off orders over ¥199",
    ]);
    const form = within(ui.getByRole("form", { name: "New experiment" }));
    const options = within(form.getByLabelText("Arm A (control)"))
      .getAllByRole("option")
      .map((o) => o.textContent);
    expect(options).toEqual(["Member coupon · ¥20 off orders over ¥199"]);
    expect(shadow.textContent).not.toMatch(/off_1|tpl_1|tpl-20off/);
  });

  it("in Chinese too", async () => {
    const { shadow } = await openDashboard("zh-CN");
    const offers = shadow.querySelector('table[aria-label="本场扣1活动"]') as HTMLElement;
    expect(offers.querySelector("tbody td")?.textContent).toBe("会员满减券 · 满199减20");
    expect(offers.querySelector("tbody td")?.getAttribute("data-value")).toBe("off_1");
  });
});

describe("CSV", () => {
  it("quotes what needs quoting, doubles quotes, keeps formulas as text", () => {
    expect(
      toCsv(
        ["name", "value"],
        [
          ["plain", 1],
          ['say "hi", twice', 2.5],
          ["=SUM(A1)", null],
          ["line\nbreak", Number.NaN],
        ],
      ),
    ).toBe('name,value\r\nplain,1\r\n"say ""hi"", twice",2.5\r\n\'=SUM(A1),\r\n"line\nbreak",');
  });

  it("names the file after the table and the day", () => {
    expect(csvName("Coupons issued vs redeemed", Date.UTC(2026, 1, 1, 12))).toBe(
      "encore-coupons-issued-vs-redeemed-2026-02-01.csv",
    );
    expect(csvName("本场扣1活动", 0)).toBe("encore-1-1970-01-01.csv");
  });
});

describe("host console: the dashboard's automations between lives", () => {
  const cells = (shadow: ShadowRoot, table: string) =>
    [...shadow.querySelectorAll(`table[aria-label="${table}"] tbody tr`)].map((tr) =>
      [...tr.querySelectorAll("td")].map((td) => td.textContent),
    );
  const lines = (shadow: ShadowRoot) => [...shadow.querySelectorAll("li[data-automation]")].map((li) => li.textContent);

  it("reports each automation by name: what it reached, what it brought back, and its lift against the holdout", async () => {
    const { shadow, ui } = await openDashboard();
    expect(ui.getByRole("heading", { name: "Between lives" })).toBeTruthy();
    expect(cells(shadow, "Automations between lives")).toEqual([
      ["Replenish reminder", "on", "220", "180", "20", "20", "45", "52", "11388.00", "30.0%", "10.0%"],
      ["Win-back", "on", "12", "10", "1", "1", "0", "0", "0.00", "0.0%", "0.0%"],
      ["Points expiry", "off", "40", "36", "4", "0", "0", "0", "0.00", "25.0%", "25.0%"],
    ]);
    expect(lines(shadow)).toEqual([
      "Replenish reminder: touched vs holdout, repurchase rate: +20.0 pts (95% CI +5.0 to +35.0) — better",
      "Win-back: touched vs holdout, repurchase rate: not enough data yet",
      "Points expiry: touched vs holdout, repurchase rate: +0.0 pts (95% CI -40.0 to +40.0) — no clear difference",
    ]);
    expect(shadow.querySelector('[data-testid="automations-empty"]')).toBeNull();
    expect(shadow.textContent).not.toMatch(/winBack|pointsExpiry|not_enough_data|no_clear_difference/);
  });

  it("in Chinese too, with no English left in the lines", async () => {
    const { shadow, ui } = await openDashboard("zh-CN");
    expect(ui.getByRole("heading", { name: "复购触达" })).toBeTruthy();
    expect(cells(shadow, "直播间外的自动触达").map((row) => row.slice(0, 2))).toEqual([
      ["补货提醒", "开启"],
      ["沉睡召回", "开启"],
      ["积分到期提醒", "关闭"],
    ]);
    expect(lines(shadow)).toEqual([
      "补货提醒：触达组 对比 保留组，复购率：+20.0 个百分点（95% 置信区间 +5.0 至 +35.0） — 更好",
      "沉睡召回：触达组 对比 保留组，复购率：数据还不够",
      "积分到期提醒：触达组 对比 保留组，复购率：+0.0 个百分点（95% 置信区间 -40.0 至 +40.0） — 没有明显差异",
    ]);
    // an experiment's comparison without enough data is worded in Chinese as well
    const experimentLines = [...shadow.querySelectorAll(`[data-experiment="exp_1"] li`)].map((li) => li.textContent);
    expect(experimentLines[1]).toBe("b 对比 a，核销率：数据还不够");
  });

  it("says so when no automation is on", async () => {
    const off = { ...insight, automations: insight.automations.map((r) => ({ ...r, enabled: false, eligible: 0 })) };
    for (const [locale, words] of [
      ["en", /No automation is on/],
      ["zh-CN", /还没有开启任何自动触达/],
    ] as const) {
      const { shadow } = await openDashboard(locale, off);
      expect(shadow.querySelector('[data-testid="automations-empty"]')?.textContent).toMatch(words);
      expect(shadow.querySelector("li[data-automation]")).toBeNull();
      for (const cleanup of cleanups.splice(0)) cleanup();
    }
  });
});
