import { describe, expect, it } from "vitest";
import { hostStrings } from "../../console/i18n/index.js";
import { fieldsOf, rebase, toDraft, toPatch, withField } from "../../console/models/program-draft.js";
import { fieldErrorWord, programPreview } from "../../console/ui/back-office/program/words.js";
import { DEFAULT_CONFIG, ShopConfig } from "../../protocol/config.js";
import { mergePatch } from "../../server/domain/merge-patch.js";

const draft = toDraft(DEFAULT_CONFIG);

describe("the program in words", () => {
  it("says each tier's threshold, watch multiplier and perks, then the watch and order rules", () => {
    expect(programPreview(draft, hostStrings("en"), "en")).toEqual([
      "Fan from the start: 1× watch points (10 minutes earn 10), Birthday gift, Priority shipping",
      "Silver from 500 growth: 1.2× watch points (10 minutes earn 12), Birthday gift, Priority shipping, Member discount, New-product trials",
      "Gold from 2,000 growth: 1.5× watch points (10 minutes earn 15), Member discount, New-product trials, Dedicated service, Event invitations",
      "VIP from 8,000 growth: 2× watch points (10 minutes earn 20), Dedicated service, Event invitations, Product co-creation",
      "Watching 10 minutes earns 10 points, at most 120 a day.",
      "Each ¥1 paid earns: points +1, growth +1.",
    ]);
    expect(programPreview(draft, hostStrings("zh-CN"), "zh-CN")[1]).toBe(
      "铁粉（成长值满 500）：观看积分 1.2 倍（10 分钟得 12）、生日礼、优先发货、会员折扣、新品试用",
    );
  });

  it("follows what is typed, rounding watch points per block as the server does, and shows … for what is not a number", () => {
    let typed = withField(draft, "tiers.1.threshold", "300");
    typed = withField(typed, "tiers.1.multiplier", "1.25");
    typed = withField(typed, "earning.pointsPerBlock", "7");
    typed = withField(typed, "earning.dailyCap", "lots");
    const lines = programPreview(typed, hostStrings("en"), "en");
    expect(lines[1]).toMatch(/^Silver from 300 growth: 1\.25× watch points \(10 minutes earn 9\)/);
    expect(lines[4]).toBe("Watching 10 minutes earns 7 points, at most … a day.");
  });
});

describe("the Program draft", () => {
  it("round-trips the config through a merge patch the server's schema accepts unchanged", () => {
    // applied as the server applies it: a merge patch, whose null removes a key
    const patched = ShopConfig.parse(mergePatch(DEFAULT_CONFIG, toPatch(draft, DEFAULT_CONFIG)));
    expect(patched).toEqual(DEFAULT_CONFIG);
  });

  it("sends what is not a number as typed, so the server names the field", () => {
    const patch = toPatch(withField(draft, "tiers.2.threshold", "2k"), DEFAULT_CONFIG) as {
      tiers: { threshold: unknown }[];
    };
    expect(patch.tiers[2]?.threshold).toBe("2k");
  });

  it("puts the server's field paths on the form's fields, each refusal in the person's language", () => {
    const fields = fieldsOf([
      { path: "tiers.1.threshold", message: "thresholds must increase" },
      { path: "tiers.0.perks.1.en", message: "Too small" },
      { path: "watch.blockSeconds", message: "Too small" },
      { path: "timezone", message: "unknown time zone" },
    ]);
    expect(Object.keys(fields).sort()).toEqual(["earning.blockMinutes", "tiers.0.perksEn", "tiers.1.threshold"]);
    expect(fieldErrorWord(hostStrings("zh-CN"), "tiers.1.threshold")).toBe("请填整数成长值，且高于上一个等级。");
    expect(fieldErrorWord(hostStrings("en"), "tiers.0.threshold")).toBe("The first tier starts at 0 growth.");
  });

  it("reloaded after a change elsewhere, keeps the fields the person changed and takes the rest", () => {
    const typed = withField(draft, "tiers.1.threshold", "300");
    const elsewhere = toDraft({ ...DEFAULT_CONFIG, watch: { ...DEFAULT_CONFIG.watch, dailyCap: 90 } });
    const merged = rebase(typed, draft, elsewhere);
    expect(merged.tiers[1]?.threshold).toBe("300");
    expect(merged.earning.dailyCap).toBe("90");
  });
});
