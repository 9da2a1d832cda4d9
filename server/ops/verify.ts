import { sql } from "kysely";
import type { Store } from "../store/database.js";

export interface Violation {
  check: string;
  /** the offending rows, as the query found them */
  rows: Record<string, unknown>[];
}

type Check = { name: string; find: (store: Store) => Promise<Record<string, unknown>[]> };

/**
 * The invariants that make points and coupons money. Each check is one aggregate query that
 * returns the rows breaking it; an empty result means the invariant holds.
 */
const CHECKS: Check[] = [
  {
    name: "each balance equals the sum of its ledger",
    find: ({ db }) =>
      db
        .selectFrom("viewers as v")
        .leftJoin("ledger as l", (join) =>
          join.onRef("l.shop_id", "=", "v.shop_id").onRef("l.viewer_id", "=", "v.viewer_id"),
        )
        .select([
          "v.shop_id",
          "v.viewer_id",
          "v.points",
          sql<number>`cast(coalesce(sum(l.delta), 0) as bigint)`.as("ledger_sum"),
        ])
        .groupBy(["v.shop_id", "v.viewer_id", "v.points"])
        .having(sql`coalesce(sum(l.delta), 0)`, "!=", sql.ref("v.points"))
        .execute(),
  },
  {
    name: "each balance matches its latest ledger entry",
    find: ({ db }) =>
      db
        .selectFrom("viewers as v")
        .innerJoin("ledger as l", (join) =>
          join.onRef("l.shop_id", "=", "v.shop_id").onRef("l.viewer_id", "=", "v.viewer_id"),
        )
        .where("l.id", "=", (eb) =>
          eb
            .selectFrom("ledger as last")
            .select((e) => e.fn.max("last.id").as("id"))
            .whereRef("last.shop_id", "=", "v.shop_id")
            .whereRef("last.viewer_id", "=", "v.viewer_id"),
        )
        .where((eb) =>
          eb.or([eb("l.points_after", "!=", eb.ref("v.points")), eb("l.growth_after", "!=", eb.ref("v.growth"))]),
        )
        .select(["v.shop_id", "v.viewer_id", "v.points", "v.growth", "l.points_after", "l.growth_after"])
        .execute(),
  },
  {
    name: "no balance is negative",
    find: ({ db }) =>
      db
        .selectFrom("viewers")
        .select(["shop_id", "viewer_id", "points", "growth"])
        .where((eb) => eb.or([eb("points", "<", 0), eb("growth", "<", 0)]))
        .execute(),
  },
  {
    name: "no template issued more coupons than its stock",
    find: ({ db }) =>
      db
        .selectFrom("coupon_templates")
        .select(["id", "shop_id", "stock", "issued"])
        .where("stock", "is not", null)
        .whereRef("issued", ">", "stock")
        .execute(),
  },
  {
    name: "each template's issued count equals its coupons",
    find: ({ db }) =>
      db
        .selectFrom("coupon_templates as t")
        .leftJoin("coupons as c", "c.template_id", "t.id")
        .select(["t.id", "t.issued", sql<number>`cast(count(c.code) as bigint)`.as("coupons")])
        .groupBy(["t.id", "t.issued"])
        .having((eb) => eb.fn.count("c.code"), "!=", sql.ref("t.issued"))
        .execute(),
  },
];

export async function verifyStore(store: Store): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const check of CHECKS) {
    const rows = await check.find(store);
    if (rows.length > 0) violations.push({ check: check.name, rows });
  }
  return violations;
}

export const CHECK_NAMES = CHECKS.map((c) => c.name);
