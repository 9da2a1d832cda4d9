import { describe, expect, it } from "vitest";
import { actorWords, changedFields, targetWords } from "../../console/ui/back-office/audit/words.js";

describe("the audit log in words", () => {
  it("names a target as a person knows it, and never a session's or the settings' id", () => {
    const template = {
      target: { kind: "template", id: "tpl_x1" },
      before: null,
      after: { name: { "zh-CN": "满100减20", en: "¥20 off ¥100" } },
    };
    expect(targetWords(template, "en")).toBe("¥20 off ¥100");
    expect(targetWords(template, "zh-CN")).toBe("满100减20");
    expect(
      targetWords({ target: { kind: "room", id: "demo" }, before: { title: "Old" }, after: { title: "New" } }, "en"),
    ).toBe("New");
    expect(targetWords({ target: { kind: "apikey", id: "key_1" }, before: { name: "ERP" }, after: null }, "en")).toBe(
      "ERP",
    );
    expect(targetWords({ target: { kind: "platform_room", id: "douyin.7309" }, before: null, after: null }, "en")).toBe(
      "douyin · 7309",
    );
    expect(targetWords({ target: { kind: "session", id: "ses_abc" }, before: null, after: null }, "en")).toBeNull();
    expect(targetWords({ target: { kind: "config", id: "shop_1" }, before: {}, after: {} }, "en")).toBeNull();
    expect(
      targetWords({ target: { kind: "viewer", id: "u-42" }, before: { points: 1 }, after: { points: 2 } }, "en"),
    ).toBe("u-42");
  });

  it("lists the fields a change changed, before and after, and the whole value otherwise", () => {
    expect(changedFields({ price: 21900, was: null, sku: "s" }, { price: 19900, was: 21900, sku: "s" })).toEqual([
      { field: "price", from: "21900", to: "19900" },
      { field: "was", from: "—", to: "21900" },
    ]);
    expect(changedFields(null, { price: 1 })).toEqual([{ field: null, from: "—", to: '{"price":1}' }]);
    expect(changedFields(null, null)).toEqual([]);
  });

  it("says who made a change in the person's language", () => {
    expect(actorWords("api", "en")).toBe("The shop's system (API key)");
    expect(actorWords("cli", "zh-CN")).toBe("命令行");
    expect(actorWords("admin:Mia", "en")).toBe("Back office: Mia");
    expect(actorWords("session:ses_1", "zh-CN")).toBe("后台");
  });
});
