import { describe, expect, it } from "vitest";
import { numeric, toNumber } from "../../server/store/numbers.js";

describe("aggregates read from either database", () => {
  it.each([
    ["a number from SQLite", 42, 42],
    ["an int8 parsed from Postgres", 1_700_000_000_000, 1_700_000_000_000],
    ["a numeric sum from Postgres, as text", "123456", 123456],
    ["a driver's bigint (rows changed)", 3n, 3],
    ["an empty sum", null, 0],
    ["a group that is not there", undefined, 0],
  ])("reads %s", (_, value, expected) => {
    expect(toNumber(value)).toBe(expected);
  });

  it("refuses what is not a number rather than passing NaN on", () => {
    expect(() => toNumber("twelve")).toThrow(TypeError);
  });

  it("reads the named fields of a row, each once", () => {
    const row = { n: "7", total: null, other: "kept out" };
    expect(numeric(row, "n", "total")).toEqual({ n: 7, total: 0 });
  });
});
