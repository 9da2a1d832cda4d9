import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../protocol/index.js";
import { createShop, requireShop, saveConfig } from "../../server/services/shops.js";
import { createTestStore, type TestStore } from "../../support/store.js";

let test: TestStore;
beforeEach(async () => {
  test = await createTestStore();
});
afterEach(async () => {
  await test.store.close();
  await test.dispose();
});

describe("reading a shop's config", () => {
  it("parses the stored config once and hands every reader the same frozen value", async () => {
    const { id } = await createShop(test.store.db, { name: "Config shop" }, 1);
    const first = await requireShop(test.store.db, id);
    const second = await requireShop(test.store.db, id);
    expect(second.config).toBe(first.config);
    expect(first.config).toEqual(DEFAULT_CONFIG);
    expect(() => {
      (first.config.watch as { pointsPerBlock: number }).pointsPerBlock = 1;
    }).toThrow(TypeError);
    expect(() => first.config.tiers.push({ ...DEFAULT_CONFIG.tiers[0] } as never)).toThrow(TypeError);
    expect((await requireShop(test.store.db, id)).config.watch.pointsPerBlock).toBe(
      DEFAULT_CONFIG.watch.pointsPerBlock,
    );
  });

  it("reads a saved config at once, and fills fields an older stored config lacks", async () => {
    const { id } = await createShop(test.store.db, { name: "Config shop" }, 1);
    await saveConfig(test.store.db, id, { ...DEFAULT_CONFIG, timezone: "Europe/Berlin" });
    expect((await requireShop(test.store.db, id)).config.timezone).toBe("Europe/Berlin");

    const { watch: _dropped, ...older } = DEFAULT_CONFIG;
    await saveConfig(test.store.db, id, { ...older, timezone: "Asia/Tokyo" } as typeof DEFAULT_CONFIG);
    const read = (await requireShop(test.store.db, id)).config;
    expect(read.timezone).toBe("Asia/Tokyo");
    expect(read.watch).toEqual(DEFAULT_CONFIG.watch);
  });
});
