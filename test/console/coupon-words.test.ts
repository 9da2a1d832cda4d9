import { describe, expect, it } from "vitest";
import { couponCondition, couponTerms, couponValue, zhDiscount } from "../../client/coupon-terms.js";
import { nameWithTerms } from "../../console/ui/parts/format.js";
import { en } from "../../widget/panels/words/en.js";
import { zhCN } from "../../widget/panels/words/zh-CN.js";

const amount = (value: number, minSpend = 0) => ({ kind: "amount" as const, value, minSpend });
const percent = (value: number, minSpend = 0) => ({ kind: "percent" as const, value, minSpend });

describe("coupon terms as shoppers read them", () => {
  it.each([
    [amount(2000, 20_000), "满200减20", "¥20 off orders over ¥200"],
    [amount(500), "无门槛减5", "¥5 off, no minimum"],
    [amount(1990, 9900), "满99减19.90", "¥19.90 off orders over ¥99"],
    [percent(20), "8折", "20% off"],
    [percent(15), "85折", "15% off"],
    [percent(20, 20_000), "满200享8折", "20% off orders over ¥200"],
  ])("%j: %s / %s", (coupon, zh, english) => {
    expect(couponTerms("zh-CN", coupon)).toBe(zh);
    expect(couponTerms("en", coupon)).toBe(english);
  });

  it.each([
    [20, "8折"],
    [15, "85折"],
    [10, "9折"],
    [5, "95折"],
    [33, "67折"],
    [50, "5折"],
    [95, "0.5折"],
  ])("%d%% off is %s", (off, text) => expect(zhDiscount(off)).toBe(text));

  it("the overlay's coupon stub says the same as the console: value, then when it applies", () => {
    expect(couponValue("zh-CN", percent(15))).toBe(zhCN.coupons.percentOff(15));
    expect(couponCondition("zh-CN", amount(2000, 20_000))).toBe(zhCN.coupons.minSpend("200"));
    expect(couponCondition("zh-CN", amount(500))).toBe(zhCN.coupons.noMin);
    expect(couponValue("en", percent(15))).toBe(en.coupons.percentOff(15));
    expect(couponCondition("en", amount(2000, 20_000))).toBe(en.coupons.minSpend("200"));
    expect(couponCondition("en", amount(500))).toBe(en.coupons.noMin);
  });
});

describe("a coupon's name and terms, each said once", () => {
  it.each([
    ["¥5 off", "¥5 off, no minimum", "¥5 off"],
    ["满200减20", "满200减20", "满200减20"],
    ["5元无门槛券", "无门槛减5", "5元无门槛券"],
    ["挚爱 85 折", "85折", "挚爱 85 折"],
    ["会员满减券", "满199减20", "会员满减券 · 满199减20"],
    ["Member ¥20 off", "¥20 off orders over ¥199", "Member ¥20 off · ¥20 off orders over ¥199"],
    // 200 is not 20: figures are compared whole
    ["满200减10", "满20减10", "满200减10 · 满20减10"],
  ])("%s + %s → %s", (name, terms, label) => expect(nameWithTerms(name, terms)).toBe(label));
});
