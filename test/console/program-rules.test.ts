import { describe, expect, it } from "vitest";
import { hostStrings } from "../../console/i18n/index.js";
import { fieldsOf, rebase, toDraft, toPatch, typedList, withField } from "../../console/models/program-draft.js";
import { rulesPreview } from "../../console/ui/back-office/program/rules-words.js";
import { fieldErrorWord, programPreview } from "../../console/ui/back-office/program/words.js";
import { DEFAULT_CONFIG, ShopConfig } from "../../protocol/config.js";
import { mergePatch } from "../../server/domain/merge-patch.js";

const draft = toDraft(DEFAULT_CONFIG);
const names: Record<string, string> = { "tpl-gold": "Gold welcome", "tpl-first": "¥10 off the next order" };
const coupon = (id: string) => names[id] ?? "?";
/** what the server would store for this draft: the merge patch applied and validated */
const saved = (typed: typeof draft) => ShopConfig.parse(mergePatch(DEFAULT_CONFIG, toPatch(typed, DEFAULT_CONFIG)));

describe("the Program draft beyond tiers and earning", () => {
  it("turns entry rewards, chest minutes, member days, money, triggers and automations into the config", () => {
    let typed = withField(draft, "automations.tierEntry.enabled", true);
    typed = withField(typed, "tiers.2.entryTemplateId", "tpl-gold");
    typed = withField(typed, "chest.everyMinutes", "20");
    typed = withField(typed, "chest.claimMinutes", "2.5");
    typed = withField(typed, "memberDays.daysOfMonth", "8，18, 8");
    typed = withField(typed, "memberDays.daysOfWeek.6", true);
    typed = withField(typed, "money.spendCapPercent", "30");
    typed = withField(typed, "repurchase.firstOrderTemplateId", "tpl-first");
    typed = withField(typed, "automations.winBack.steps.2.days", "");
    typed = withField(typed, "automations.winBack.steps.0.templateId", "tpl-first");
    typed = withField(typed, "automations.pointsExpiry.warningDays", "14, 2");
    typed = withField(typed, "automations.segmentEntered.dormant.enabled", true);
    typed = withField(typed, "automations.budget.quietStart", "");
    typed = withField(typed, "automations.budget.quietEnd", "");
    const config = saved(typed);
    expect(config.automations.tierEntry).toEqual({ enabled: true, templates: { gold: "tpl-gold" } });
    expect(config.chest).toEqual({ everySeconds: 1200, claimSeconds: 150, points: 5 });
    expect(config.memberDays).toEqual({ daysOfMonth: [8, 18], daysOfWeek: [6], multiplier: 2 });
    expect(config.pointsSpendCapPercent).toBe(30);
    expect(config.repurchase.firstOrderTemplateId).toBe("tpl-first");
    expect(config.automations.winBack.steps).toEqual([
      { days: 30, templateId: "tpl-first" },
      { days: 60, templateId: null },
    ]);
    expect(config.automations.pointsExpiry.warningDays).toEqual([14, 2]);
    expect(config.automations.segmentEntered.segments).toEqual({ dormant: { enabled: true, templateId: null } });
    expect(config.automations.budget.quietHours).toBeNull();
    // and back: the saved config reads as the draft that made it
    expect(toDraft(config).memberDays.daysOfMonth).toBe("8, 18");
    expect(toDraft(config).tiers[2]?.entryTemplateId).toBe("tpl-gold");
  });

  it("switches a reward off with none, and drops an entry reward for a tier no longer in the program", () => {
    const withReward = {
      ...DEFAULT_CONFIG,
      repurchase: { ...DEFAULT_CONFIG.repurchase, nudgeTemplateId: "tpl-first" },
      automations: {
        ...DEFAULT_CONFIG.automations,
        tierEntry: { enabled: true, templates: { gold: "tpl-gold", legend: "tpl-gold" } },
      },
    };
    let typed = withField(toDraft(withReward), "tiers.2.entryTemplateId", "");
    typed = withField(typed, "repurchase.nudgeTemplateId", "");
    const config = ShopConfig.parse(mergePatch(withReward, toPatch(typed, withReward)));
    expect(config.automations.tierEntry.templates).toEqual({});
    expect(config.repurchase.nudgeTemplateId).toBeNull();
  });

  it("reads which tiers get an entrance line (the top tier by default) and saves the ticked ones", () => {
    expect(draft.tiers.map((tier) => tier.announce)).toEqual([false, false, false, true]);
    const typed = withField(draft, "tiers.2.announce", true);
    expect(saved(typed).room.entranceTiers).toEqual(["gold", "vip"]);
    expect(saved(withField(draft, "tiers.3.announce", false)).room.entranceTiers).toEqual([]);
    expect(toDraft({ ...DEFAULT_CONFIG, room: { entranceTiers: ["silver"] } }).tiers.map((t) => t.announce)).toEqual([
      false,
      true,
      false,
      false,
    ]);
  });

  it("sends a list item that is not a number as typed, so the server refuses it by its place", () => {
    expect(typedList("1, 18th, 20, 1")).toEqual([1, "18th", 20]);
    const refused = ShopConfig.safeParse(
      mergePatch(DEFAULT_CONFIG, toPatch(withField(draft, "memberDays.daysOfMonth", "1, 32"), DEFAULT_CONFIG)),
    );
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.path.join("."))).toEqual(["memberDays.daysOfMonth.1"]);
  });

  it("puts each refused path beside its field, a tier's entry reward found by the tier's key", () => {
    const fields = fieldsOf(
      [
        { path: "memberDays.daysOfMonth.1", message: "Too big" },
        { path: "chest.claimSeconds", message: "Too small" },
        { path: "pointsSpendCapPercent", message: "Too big" },
        { path: "repurchase.nudgeTemplateId", message: "no coupon template" },
        { path: "automations.tierEntry.templates.gold", message: "no coupon template" },
        { path: "automations.winBack.steps.1.days", message: "each step comes later" },
        { path: "automations.pointsExpiry.warningDays.0", message: "listed twice" },
        { path: "automations.budget.quietHours.end", message: "quiet hours must end" },
        { path: "automations.segmentEntered.segments.dormant.templateId", message: "no coupon template" },
        { path: "automations.budget.priority.0", message: "listed twice" },
      ],
      draft.tiers.map((tier) => tier.key),
    );
    expect(Object.keys(fields).sort()).toEqual(
      [
        "memberDays.daysOfMonth",
        "chest.claimMinutes",
        "money.spendCapPercent",
        "repurchase.nudgeTemplateId",
        "tiers.2.entryTemplateId",
        "automations.winBack.steps.1.days",
        "automations.pointsExpiry.warningDays",
        "automations.budget.quietEnd",
        "automations.segmentEntered.dormant.templateId",
      ].sort(),
    );
    const en = hostStrings("en");
    expect(fieldErrorWord(en, "memberDays.daysOfMonth")).toBe("Days from 1 to 31, separated by commas, e.g. 1, 18.");
    expect(fieldErrorWord(en, "tiers.2.entryTemplateId")).toBe("Pick one of the shop's coupon templates.");
    expect(fieldErrorWord(en, "automations.replenish.leadDays")).toBe("Whole days, from 1 to 365.");
    expect(fieldErrorWord(hostStrings("zh-CN"), "money.spendCapPercent")).toBe("请填 0 到 100 之间的整数百分比。");
  });

  it("keeps, on reload, a reward and a member day the person set, and takes the rest from elsewhere", () => {
    let typed = withField(draft, "tiers.1.entryTemplateId", "tpl-gold");
    typed = withField(typed, "memberDays.daysOfWeek.0", true);
    const elsewhere = toDraft({ ...DEFAULT_CONFIG, chest: { ...DEFAULT_CONFIG.chest, points: 8 } });
    const merged = rebase(typed, draft, elsewhere);
    expect(merged.tiers[1]?.entryTemplateId).toBe("tpl-gold");
    expect(merged.memberDays.daysOfWeek[0]).toBe(true);
    expect(merged.chest.points).toBe("8");
  });
});

describe("the rest of the program in words", () => {
  it("turns referrals on with a coupon each, says so in the preview, and puts a refusal beside its field", () => {
    expect(saved(draft).referrals).toEqual(DEFAULT_CONFIG.referrals);
    let typed = withField(draft, "referrals.enabled", true);
    expect(rulesPreview(typed, hostStrings("en"), "en", coupon).at(-1)).toBe(
      "Invite a friend: when a friend new to the shop watches 10 min, the inviter gets 200 points and the friend 100; at most 20 friends a month.",
    );
    typed = withField(typed, "referrals.action", "first_order");
    typed = withField(typed, "referrals.reward", "coupon");
    typed = withField(typed, "referrals.inviterTemplateId", "tpl-gold");
    typed = withField(typed, "referrals.inviteeTemplateId", "tpl-first");
    typed = withField(typed, "referrals.monthlyCap", "5");
    expect(saved(typed).referrals).toMatchObject({
      enabled: true,
      action: "first_order",
      reward: "coupon",
      inviterTemplateId: "tpl-gold",
      inviteeTemplateId: "tpl-first",
      monthlyCap: 5,
    });
    expect(rulesPreview(typed, hostStrings("zh-CN"), "zh-CN", coupon).at(-1)).toBe(
      "邀请好友：新朋友首次来店下第一单后，邀请人得「Gold welcome」，好友得「¥10 off the next order」；每人每月最多邀请 5 位。",
    );
    const refused = fieldsOf([
      { path: "body.referrals.monthlyCap", message: "too big" },
      { path: "body.referrals.inviterTemplateId", message: "no coupon template" },
    ]);
    expect(Object.keys(refused)).toEqual(["referrals.monthlyCap", "referrals.inviterTemplateId"]);
    expect(fieldErrorWord(hostStrings("en"), "referrals.monthlyCap")).toBe("A whole number from 1 to 10,000.");
  });

  it("says the chest, member days, points as money, and what reaches a viewer between lives", () => {
    expect(rulesPreview(draft, hostStrings("en"), "en", coupon)).toEqual([
      "Every 15 minutes of watching, a chest appears: open it within 5 minutes for 5 points.",
      "Member days are the 18th of each month: watch points ×2.",
      "100 points = ¥1, up to 20% of an order.",
      "Between lives, messages may come: Replenish reminder, First-order thank-you, Coupon expiring, Win-back, and Birthday week.",
      "At most 2 in 7 days and 1 a day, none from 21:00 to 09:00.",
    ]);
    let typed = withField(draft, "memberDays.daysOfMonth", "1, 2, 3");
    typed = withField(typed, "memberDays.daysOfWeek.6", true);
    typed = withField(typed, "repurchase.firstOrderTemplateId", "tpl-first");
    expect(rulesPreview(typed, hostStrings("en"), "en", coupon).slice(1, 4)).toEqual([
      "Member days are the 1st, 2nd, and 3rd of each month and every Saturday: watch points ×2.",
      "100 points = ¥1, up to 20% of an order.",
      "A first order brings a coupon: ¥10 off the next order.",
    ]);
    expect(rulesPreview(typed, hostStrings("zh-CN"), "zh-CN", coupon)[1]).toBe(
      "会员日（每月 1、2、3 日，以及每周六）观看积分 2 倍。",
    );
  });

  it("names a tier's entry reward in the tier's line only while the reward is switched on", () => {
    const typed = withField(draft, "tiers.2.entryTemplateId", "tpl-gold");
    expect(programPreview(typed, hostStrings("en"), "en", coupon)[2]).not.toContain("Gold welcome");
    const on = withField(typed, "automations.tierEntry.enabled", true);
    expect(programPreview(on, hostStrings("en"), "en", coupon)[2]).toMatch(/, a Gold welcome on reaching it$/);
  });
});

describe("a tier's member price and the perks fulfilment acts on", () => {
  it("turns the typed percent and the ticked perks into the config, and reads them back", () => {
    let typed = withField(draft, "tiers.2.memberPricePercent", "8");
    typed = withField(typed, "tiers.2.flags.freeShipping", true);
    typed = withField(typed, "tiers.2.flags.newProductTrials", false);
    const gold = saved(typed).tiers[2];
    expect(gold?.memberPricePercent).toBe(8);
    expect(gold?.flags).toEqual(["freeShipping", "dedicatedService"]);
    const back = toDraft(saved(typed)).tiers[2];
    expect(back?.memberPricePercent).toBe("8");
    expect(back?.flags).toMatchObject({ freeShipping: true, newProductTrials: false, dedicatedService: true });
  });

  it("puts a refused percent and a refused list of perks beside their fields, in the person's words", () => {
    const fields = fieldsOf(
      [
        { path: "tiers.1.memberPricePercent", message: "Too big" },
        { path: "tiers.3.flags", message: "each flag once" },
      ],
      draft.tiers.map((tier) => tier.key),
    );
    expect(Object.keys(fields).sort()).toEqual(["tiers.1.memberPricePercent", "tiers.3.flags.priorityShipping"]);
    expect(fieldErrorWord(hostStrings("zh-CN"), "tiers.1.memberPricePercent")).toBe("请填 0 到 50 之间的整数百分比。");
    expect(() => saved(withField(draft, "tiers.1.memberPricePercent", "60"))).toThrow();
  });

  it("says a member price in the tier's line: a percent off in English, the 折 it comes to in Chinese", () => {
    const typed = withField(draft, "tiers.1.memberPricePercent", "5");
    expect(programPreview(typed, hostStrings("en"), "en")[1]).toContain("member price 5% off");
    expect(programPreview(typed, hostStrings("zh-CN"), "zh-CN")[1]).toContain("会员价 9.5 折");
    expect(programPreview(draft, hostStrings("en"), "en")[1]).not.toContain("member price");
  });
});
