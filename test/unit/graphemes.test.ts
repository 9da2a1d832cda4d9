import { describe, expect, it } from "vitest";
import { clip, fitUnits, graphemes } from "../../client/graphemes.js";

const family = "👨‍👩‍👧";
const flag = "🇨🇳";
const accented = "e\u0301";

describe("text cut by grapheme", () => {
  it.each([
    [family, 1],
    [`${flag}${flag}`, 2],
    [`${accented}a`, 2],
    ["直播间", 3],
    ["", 0],
  ])("%s is %i graphemes", (text, count) => {
    expect(graphemes(text)).toHaveLength(count);
  });

  it.each([
    ["short", 10, "short"],
    ["abcdef", 4, "abc…"],
    [`ab${family}cd`, 4, `ab${family}…`],
    [`${family}${family}${family}`, 2, `${family}…`],
    [`${flag}${flag}${flag}`, 3, `${flag}${flag}${flag}`],
    [`x${accented}${accented}y`, 3, `x${accented}…`],
  ])("clip(%s, %i) = %s", (text, max, out) => {
    expect(clip(text, max)).toBe(out);
  });

  it.each([
    ["abc", 5, "abc"],
    [`ab${family}`, 9, `ab`],
    [`ab${family}`, 10, `ab${family}`],
    [`${flag}z`, 4, flag],
    [`${flag}z`, 3, ""],
    [`${accented}`, 1, ""],
  ])("fitUnits(%s, %i) = %s", (text, units, out) => {
    expect(fitUnits(text, units)).toBe(out);
    expect(fitUnits(text, units).length).toBeLessThanOrEqual(units);
  });
});
