import { describe, expect, it } from "vitest";
import { MIGRATION_NAMES } from "../../server/store/migrations/index.js";

/**
 * The migrator keys each migration by the name recorded in the database, so a renamed or
 * reordered migration would run again on every database in the field (and fail on its existing
 * tables). These are the names shipped so far, frozen: a new migration only appends to them.
 * (Databases migrated when all migrations lived in one file know them by exactly these names.)
 */
const SHIPPED = [
  "0001_points",
  "0002_coupons",
  "0003_offers",
  "0004_commerce",
  "0005_insight",
  "0006_outbox_retention",
  "0007_products",
  "0009_host_viewers",
  "0010_lifecycle",
];

describe("migrations, one file each", () => {
  it("keep every shipped name, in order, and only append new ones", () => {
    expect(MIGRATION_NAMES.slice(0, SHIPPED.length)).toEqual(SHIPPED);
    expect(new Set(MIGRATION_NAMES).size).toBe(MIGRATION_NAMES.length);
  });
});
