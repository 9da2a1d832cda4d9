import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_SHOP_ID, seedDemo } from "../../demo/seed.js";
import { requireShop } from "../../server/services/shops.js";
import { listTemplates } from "../../server/store/coupons.js";
import { openStore } from "../../server/store/database.js";

describe("the demo shop", () => {
  it("is seeded once with a points catalogue and the repurchase coupons wired to their triggers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "encore-demo-"));
    const store = await openStore(join(dir, "demo.db"));
    try {
      await seedDemo(store, "http://127.0.0.1:1", Date.UTC(2026, 10, 2));
      await seedDemo(store, "http://127.0.0.1:1", Date.UTC(2026, 10, 3));
      const templates = await listTemplates(store.db, DEMO_SHOP_ID);
      expect(templates).toHaveLength(5);
      expect(templates.filter((t) => t.points_cost !== null)).toHaveLength(2);
      const { repurchase } = (await requireShop(store.db, DEMO_SHOP_ID)).config;
      const ids = new Set(templates.map((t) => t.id));
      for (const id of Object.values(repurchase)) expect(ids.has(id ?? "")).toBe(true);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
