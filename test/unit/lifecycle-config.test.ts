import { describe, expect, it } from "vitest";
import {
  AutomationsConfig,
  automationOf,
  automationTemplateIds,
  DEFAULT_AUTOMATIONS,
  DEFAULT_CONFIG,
  ShopConfig,
  TOUCH_KINDS,
} from "../../protocol/index.js";

type Automations = typeof DEFAULT_AUTOMATIONS;

/** The default config with one automation part replaced. */
function withAutomations(part: Partial<{ [K in keyof Automations]: unknown }>) {
  return { ...DEFAULT_CONFIG, automations: { ...DEFAULT_AUTOMATIONS, ...part } };
}

const budget = DEFAULT_AUTOMATIONS.budget;

describe("automations in the shop config", () => {
  it("has the DESIGN §4 defaults", () => {
    const parsed = ShopConfig.parse(DEFAULT_CONFIG).automations;
    expect(parsed).toEqual(DEFAULT_AUTOMATIONS);
    expect(parsed.replenish).toMatchObject({ enabled: true, leadDays: 5 });
    expect(parsed.firstOrder).toMatchObject({ enabled: true, afterDays: 1 });
    expect(parsed.couponExpiring).toMatchObject({ enabled: true, daysBefore: 3 });
    expect(parsed.winBack.steps.map((s) => s.days)).toEqual([30, 60, 90]);
    expect(parsed.pointsExpiry).toMatchObject({ enabled: false, months: 12, warningDays: [30, 3] });
    expect(parsed.tierWindow).toMatchObject({ enabled: false, months: 12, graceDays: 30 });
    expect(parsed.birthday.enabled).toBe(true);
    expect(parsed.budget).toMatchObject({
      perWeek: 2,
      perDay: 1,
      quietHours: { start: "21:00", end: "09:00" },
      holdoutPercent: 10,
    });
    expect([...parsed.budget.priority].sort()).toEqual([...TOUCH_KINDS].sort());
  });

  it("a config stored before automations existed still parses, to the defaults", () => {
    const { automations: _none, ...older } = DEFAULT_CONFIG;
    expect(ShopConfig.parse(older).automations).toEqual(DEFAULT_AUTOMATIONS);
  });

  it("a config setting one automation keeps the defaults of the others", () => {
    const parsed = ShopConfig.parse({
      ...DEFAULT_CONFIG,
      automations: { replenish: { enabled: false, templateId: "tpl_refill", leadDays: 7 } },
    }).automations;
    expect(parsed.replenish).toEqual({ enabled: false, templateId: "tpl_refill", leadDays: 7 });
    expect(parsed.winBack).toEqual(DEFAULT_AUTOMATIONS.winBack);
    expect(parsed.budget).toEqual(DEFAULT_AUTOMATIONS.budget);
  });

  it("everything can be switched off, quiet hours too", () => {
    const off = ShopConfig.parse(
      withAutomations({
        replenish: { ...DEFAULT_AUTOMATIONS.replenish, enabled: false },
        firstOrder: { ...DEFAULT_AUTOMATIONS.firstOrder, enabled: false },
        couponExpiring: { ...DEFAULT_AUTOMATIONS.couponExpiring, enabled: false },
        winBack: { ...DEFAULT_AUTOMATIONS.winBack, enabled: false },
        birthday: { ...DEFAULT_AUTOMATIONS.birthday, enabled: false },
        budget: { ...budget, quietHours: null, holdoutPercent: 0 },
      }),
    );
    expect(off.automations.budget.quietHours).toBeNull();
  });

  it.each([
    [
      "zero lead days",
      { replenish: { enabled: true, templateId: null, leadDays: 0 } },
      "automations.replenish.leadDays",
    ],
    [
      "negative lead days",
      { replenish: { enabled: true, templateId: null, leadDays: -5 } },
      "automations.replenish.leadDays",
    ],
    [
      "half a day",
      { firstOrder: { enabled: true, templateId: null, afterDays: 0.5 } },
      "automations.firstOrder.afterDays",
    ],
    [
      "zero days before expiry",
      { couponExpiring: { enabled: true, templateId: null, daysBefore: 0 } },
      "automations.couponExpiring.daysBefore",
    ],
    [
      "win-back steps not increasing",
      {
        winBack: {
          enabled: true,
          steps: [
            { days: 30, templateId: null },
            { days: 30, templateId: null },
          ],
        },
      },
      "automations.winBack.steps.1.days",
    ],
    [
      "win-back steps going back",
      {
        winBack: {
          enabled: true,
          steps: [
            { days: 30, templateId: null },
            { days: 90, templateId: null },
            { days: 60, templateId: null },
          ],
        },
      },
      "automations.winBack.steps.2.days",
    ],
    ["no win-back step", { winBack: { enabled: true, steps: [] } }, "automations.winBack.steps"],
    [
      "a warning not before the expiry",
      { pointsExpiry: { enabled: true, templateId: null, months: 1, warningDays: [30, 3] } },
      "automations.pointsExpiry.warningDays.0",
    ],
    [
      "the same warning twice",
      { pointsExpiry: { enabled: true, templateId: null, months: 12, warningDays: [3, 3] } },
      "automations.pointsExpiry.warningDays.1",
    ],
    [
      "a notice outside the grace",
      { tierWindow: { enabled: true, templateId: null, months: 12, graceDays: 30, noticeDays: 40 } },
      "automations.tierWindow.noticeDays",
    ],
    [
      "quiet hours that never end",
      { budget: { ...budget, quietHours: { start: "21:00", end: "21:00" } } },
      "automations.budget.quietHours.end",
    ],
    [
      "a time of day that is none",
      { budget: { ...budget, quietHours: { start: "24:00", end: "09:00" } } },
      "automations.budget.quietHours.start",
    ],
    ["more a day than a week", { budget: { ...budget, perDay: 3, perWeek: 2 } }, "automations.budget.perDay"],
    ["a holdout above half", { budget: { ...budget, holdoutPercent: 60 } }, "automations.budget.holdoutPercent"],
    [
      "a kind ranked twice",
      { budget: { ...budget, priority: ["replenish", "replenish"] } },
      "automations.budget.priority.1",
    ],
    ["an unknown kind", { budget: { ...budget, priority: ["spam"] } }, "automations.budget.priority.0"],
    [
      "a template id with spaces",
      { birthday: { enabled: true, templateId: "my template" } },
      "automations.birthday.templateId",
    ],
    [
      "a tier that does not exist",
      { tierEntry: { enabled: true, templates: { platinum: "tpl_1" } } },
      "automations.tierEntry.templates.platinum",
    ],
    [
      "an unknown segment",
      { segmentEntered: { segments: { whales: { enabled: true, templateId: null } } } },
      // zod names the unknown key in the message, at the record's path
      "automations.segmentEntered.segments",
    ],
  ])("refuses %s, at its field", (_name, part, path) => {
    const result = ShopConfig.safeParse(withAutomations(part));
    expect(result.success).toBe(false);
    const paths = result.success ? [] : result.error.issues.map((i) => i.path.join("."));
    expect(paths).toContain(path);
  });

  it("refuses an unknown automation rather than ignoring a typo", () => {
    const result = AutomationsConfig.safeParse({ ...DEFAULT_AUTOMATIONS, winback: {} });
    expect(result.success).toBe(false);
  });
});

describe("the templates automations grant", () => {
  it("lists every template set, with the path of its field", () => {
    const config = AutomationsConfig.parse({
      ...DEFAULT_AUTOMATIONS,
      replenish: { ...DEFAULT_AUTOMATIONS.replenish, templateId: "tpl_refill" },
      winBack: {
        enabled: true,
        steps: [
          { days: 30, templateId: "tpl_5" },
          { days: 60, templateId: null },
          { days: 90, templateId: "tpl_20" },
        ],
      },
      tierEntry: { enabled: true, templates: { gold: "tpl_gold", silver: null } },
      birthday: { enabled: true, templateId: "tpl_bday" },
      segmentEntered: { segments: { high_value: { enabled: true, templateId: "tpl_vip" } } },
    });
    expect(automationTemplateIds(config)).toEqual([
      { path: ["automations", "replenish", "templateId"], templateId: "tpl_refill" },
      { path: ["automations", "winBack", "steps", 0, "templateId"], templateId: "tpl_5" },
      { path: ["automations", "winBack", "steps", 2, "templateId"], templateId: "tpl_20" },
      { path: ["automations", "tierEntry", "templates", "gold"], templateId: "tpl_gold" },
      { path: ["automations", "birthday", "templateId"], templateId: "tpl_bday" },
      { path: ["automations", "segmentEntered", "segments", "high_value", "templateId"], templateId: "tpl_vip" },
    ]);
  });

  it("is empty for the defaults: every default touch is a message without a coupon", () => {
    expect(automationTemplateIds(AutomationsConfig.parse(DEFAULT_AUTOMATIONS))).toEqual([]);
  });
});

describe("kinds and automations", () => {
  it.each([
    ["replenish", "replenish"],
    ["win_back", "winBack"],
    ["points_expiring", "pointsExpiry"],
    ["points_expired", "pointsExpiry"],
    ["tier_downgrade_notice", "tierWindow"],
    ["segment_entered", "segmentEntered"],
  ] as const)("a %s touch is governed by %s", (kind, automation) => {
    expect(automationOf(kind)).toBe(automation);
  });
});
