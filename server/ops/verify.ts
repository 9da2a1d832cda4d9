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
 * returns the rows breaking it; an empty result means the invariant holds. Coupons granted by
 * rules that move no money (birthday, nudge) are their own grant record: the unique grant key.
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
  {
    name: "no offer claimed more than its stock",
    find: ({ db }) =>
      db.selectFrom("offers").select(["id", "stock", "claimed"]).whereRef("claimed", ">", "stock").execute(),
  },
  {
    name: "each offer's claimed count equals its winners",
    find: ({ db }) =>
      db
        .selectFrom("offers as o")
        .leftJoin("offer_entries as e", (join) => join.onRef("e.offer_id", "=", "o.id").on("e.won", "=", 1))
        .select(["o.id", "o.claimed", sql<number>`cast(count(e.viewer_id) as bigint)`.as("winners")])
        .groupBy(["o.id", "o.claimed"])
        .having(sql`count(e.viewer_id)`, "!=", sql.ref("o.claimed"))
        .execute(),
  },
  {
    name: "one win per viewer per offer",
    find: ({ db }) =>
      db
        .selectFrom("offer_entries")
        .select(["offer_id", "viewer_id", sql<number>`cast(count(*) as bigint)`.as("wins")])
        .where("won", "=", 1)
        .groupBy(["offer_id", "viewer_id"])
        .having(sql`count(*)`, ">", 1)
        .execute(),
  },
  {
    name: "every deal coupon has its winning entry",
    find: ({ db }) =>
      db
        .selectFrom("coupons as c")
        .leftJoin("offer_entries as e", (join) => join.onRef("e.coupon_code", "=", "c.code").on("e.won", "=", 1))
        .select(["c.code", "c.viewer_id", "c.source_ref"])
        .where("c.source", "=", "deal")
        .where("e.offer_id", "is", null)
        .execute(),
  },
  {
    name: "every exchanged coupon has its ledger entry",
    find: ({ db }) =>
      db
        .selectFrom("coupons as c")
        // the entry is the owner's own spend: joined by viewer, it is found through the viewer's
        // ledger index rather than by reading the shop's whole ledger for every coupon
        .leftJoin("ledger as l", (join) =>
          join
            .onRef("l.shop_id", "=", "c.shop_id")
            .onRef("l.viewer_id", "=", "c.viewer_id")
            .onRef("l.ref", "=", "c.code")
            .on("l.reason", "=", "exchange"),
        )
        .select(["c.code", "c.viewer_id"])
        .where("c.source", "=", "exchange")
        .where("l.id", "is", null)
        .execute(),
  },
  {
    name: "every first-order coupon has its order",
    find: ({ db }) =>
      db
        .selectFrom("coupons as c")
        .leftJoin("orders as o", (join) =>
          join.onRef("o.shop_id", "=", "c.shop_id").onRef("o.order_id", "=", "c.source_ref"),
        )
        .select(["c.code", "c.viewer_id", "c.source_ref"])
        .where("c.source", "=", "first_order")
        .where("o.order_id", "is", null)
        .execute(),
  },
  {
    name: "every automation coupon went out with its touch",
    find: ({ db }) =>
      db
        .selectFrom("coupons as c")
        // the touch is the coupon's own (its viewer, its key): found through the touches' unique
        // index, not by reading the shop's touches for every coupon
        .leftJoin("touches as t", (join) =>
          join
            .onRef("t.shop_id", "=", "c.shop_id")
            .onRef("t.viewer_id", "=", "c.viewer_id")
            .onRef("t.key", "=", "c.source_ref")
            .onRef("t.coupon_code", "=", "c.code")
            .on("t.status", "=", "sent"),
        )
        .select(["c.code", "c.viewer_id", "c.source_ref"])
        .where("c.source", "=", "automation")
        .where("t.id", "is", null)
        .execute(),
  },
  {
    name: "every coupon granted or revoked by hand has its audit entry",
    find: ({ db }) =>
      db
        .selectFrom("coupons as c")
        // a hand grant moves no money and has no event of its own: its record is the audit entry,
        // found through the audit log's target index
        .leftJoin("audit_log as a", (join) =>
          join
            .onRef("a.shop_id", "=", "c.shop_id")
            .on("a.target_kind", "=", "coupon")
            .onRef("a.target_id", "=", "c.code")
            .on((eb) =>
              eb.or([
                eb.and([eb("c.state", "!=", "revoked"), eb("a.action", "=", "coupon.grant")]),
                eb.and([eb("c.state", "=", "revoked"), eb("a.action", "=", "coupon.revoke")]),
              ]),
            ),
        )
        .select(["c.code", "c.viewer_id", "c.source", "c.state"])
        .where((eb) => eb.or([eb("c.source", "=", "manual"), eb("c.state", "=", "revoked")]))
        .where("a.id", "is", null)
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
