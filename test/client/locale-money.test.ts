import { describe, expect, it } from "vitest";
import { pickLocale } from "../../client/locale.js";
import { yuanAmount, yuanFigure, yuanPrice } from "../../client/money.js";
import { yuan as consolePrice } from "../../console/ui/parts/format.js";
import { yuan as widgetAmount, pickLocale as widgetPickLocale } from "../../widget/i18n/index.js";

describe("one locale rule for the widget and the console", () => {
  it.each([
    [null, ["zh-TW", "en"], "en", "zh-CN"],
    [null, ["en-GB"], "zh-CN", "en"],
    [null, ["fr-FR", "en"], "en", "en"],
    [null, ["fr-FR", "en"], "zh-CN", "zh-CN"],
    [null, [], "zh-CN", "zh-CN"],
    ["en", ["zh-CN"], "zh-CN", "en"],
    ["xx", ["en-US"], "zh-CN", "en"],
  ] as const)("override %s, browser %j, falling back to %s → %s", (override, languages, fallback, expected) => {
    expect(pickLocale(override, languages, fallback)).toBe(expected);
  });

  it("the widget falls back to English, the console to Chinese, by the same function", () => {
    expect(widgetPickLocale).toBe(pickLocale);
    expect(pickLocale(null, ["de"])).toBe("en");
  });
});

describe("one money format for the widget and the console", () => {
  it.each([
    [29900, "299", "¥299", "299.00"],
    [29990, "299.90", "¥299.90", "299.90"],
    [1, "0.01", "¥0.01", "0.01"],
    [0, "0", "¥0", "0.00"],
  ])("%d cents: %s, %s, %s", (cents, amount, price, figure) => {
    expect(yuanAmount(cents)).toBe(amount);
    expect(yuanPrice(cents)).toBe(price);
    expect(yuanFigure(cents)).toBe(figure);
  });

  it("the widget's amounts and the console's prices are the client's formatters", () => {
    expect(widgetAmount).toBe(yuanAmount);
    expect(consolePrice).toBe(yuanPrice);
  });
});
