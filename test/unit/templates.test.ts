import { describe, expect, it } from "vitest";
import { CouponTemplatePatch } from "../../protocol/index.js";
import { copyName, templatePatchProblems } from "../../server/domain/templates.js";

const TIERS = [{ key: "fan" }, { key: "silver" }];

describe("a template's edit", () => {
  it.each([
    [{ stock: 10 }, 10, []],
    [{ stock: 9 }, 10, ["stock"]],
    [{ stock: null }, 10, []],
    [{ minTier: "silver" }, 0, []],
    [{ minTier: null }, 0, []],
    [{ minTier: "gold" }, 0, ["minTier"]],
    [{ minTier: "gold", stock: 1 }, 2, ["minTier", "stock"]],
  ] as const)("%j with %i issued: refused fields %j", (patch, issued, fields) => {
    expect(templatePatchProblems(patch, TIERS, issued).map((f) => f.path)).toEqual(fields);
  });

  it.each([
    [{ kind: "percent" }, ["kind"]],
    [{ value: 100, minSpend: 0 }, ["value", "minSpend"]],
    [{ stock: 5, validDays: 3 }, []],
  ] as const)("%j at the edge: refused fields %j", (patch, fields) => {
    const parsed = CouponTemplatePatch.safeParse(patch);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.path.join("."))).toEqual(fields);
  });
});

describe("a clone's name", () => {
  it.each([
    [
      { "zh-CN": "满100减20", en: "¥20 off" },
      { "zh-CN": "满100减20（副本）", en: "¥20 off (copy)" },
    ],
    [
      { "zh-CN": "券".repeat(80), en: "x".repeat(80) },
      { "zh-CN": `${"券".repeat(76)}（副本）`, en: `${"x".repeat(73)} (copy)` },
    ],
  ])("%j → %j", (name, copy) => {
    expect(copyName(name)).toEqual(copy);
  });
});
