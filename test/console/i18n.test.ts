import { describe, expect, it } from "vitest";
import { en, type HostStrings, refusalsEn } from "../../console/i18n/en.js";
import { HOST_LOCALES, hostStrings, refusalText } from "../../console/i18n/index.js";
import { refusalsZhCN, zhCN } from "../../console/i18n/zh-CN.js";

describe("the console's words, one file per locale", () => {
  it("every locale has every key of every other", () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(refusalsZhCN).sort()).toEqual(Object.keys(refusalsEn).sort());
    for (const locale of HOST_LOCALES) expect(Object.values(hostStrings(locale)).every((w) => w.length > 0)).toBe(true);
  });

  it("a locale missing a key does not type-check", () => {
    // @ts-expect-error every key of en.ts is required
    const partial: HostStrings = { title: "主播控制台" };
    expect(Object.keys(partial)).toHaveLength(1);
  });

  it("each locale says a refusal in its own words", () => {
    expect(refusalText("en", "offer_live")).toBe(refusalsEn.offer_live);
    expect(refusalText("zh-CN", "offer_live")).toBe(refusalsZhCN.offer_live);
  });
});
