import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../protocol/index.js";
import { toWallet } from "../../server/adapters.js";
import { localDay } from "../../server/domain/calendar.js";
import { copyText } from "../../support/bulk/postgres-copy.js";
import { dayKeys, walletJson } from "../../support/bulk/shapes.js";

/** The bulk seeder's shortcuts write exactly what the server's own functions would. */
describe("bulk seeder shapes", () => {
  it("serialises a wallet as JSON.stringify(toWallet(...)) in every tier, at and around each threshold", () => {
    const wallet = walletJson(DEFAULT_CONFIG);
    const growths = [0, 1, 7, 499, 500, 501, 1_234, 1_999, 2_000, 2_001, 7_999, 8_000, 8_001, 123_456];
    for (const growth of growths) {
      for (const points of [0, 5, 100_000]) {
        expect(wallet({ points, growth })).toBe(JSON.stringify(toWallet({ points, growth }, DEFAULT_CONFIG)));
      }
    }
  });

  it("serialises a shop's own tiers, with a top tier that has no next", () => {
    const config = {
      ...DEFAULT_CONFIG,
      tiers: DEFAULT_CONFIG.tiers.slice(0, 2).map((tier, i) => ({ ...tier, threshold: i * 300 })),
    };
    const wallet = walletJson(config);
    for (const growth of [0, 150, 299, 300, 10_000]) {
      expect(wallet({ points: 1, growth })).toBe(JSON.stringify(toWallet({ points: 1, growth }, config)));
    }
  });

  it("gives every instant the day localDay gives it, in zones with half- and quarter-hour offsets and DST", () => {
    for (const zone of ["Asia/Kolkata", "Asia/Kathmandu", "America/New_York", "Australia/Lord_Howe"]) {
      const key = dayKeys(zone);
      // a year in steps of 46 minutes 31 seconds crosses quarter hours' edges and both DST changes
      const wrong: string[] = [];
      for (let at = Date.UTC(2024, 0, 1); at < Date.UTC(2025, 0, 1); at += 2_791_000) {
        const expected = localDay(at, zone).key;
        if (key(at) !== expected) wrong.push(`${zone} ${new Date(at).toISOString()}: ${key(at)}, not ${expected}`);
      }
      expect(wrong).toEqual([]);
    }
  });

  it("writes rows in COPY's text format, escaping what would end a value or a row early", () => {
    expect(copyText([["a\tb", null, 5, 'x\\y\nz\r{"q":"\\""}']], 4)).toBe(
      'a\\tb\t\\N\t5\tx\\\\y\\nz\\r{"q":"\\\\""}\n',
    );
    expect(copyText([["v1"], ["v2"]], 1)).toBe("v1\nv2\n");
  });
});
