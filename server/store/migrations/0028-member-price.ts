import { type Kysely, type Migration, sql } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0028_member_price";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // A checkout's redemption keeps the member price's cents off the order it reckoned the
      // coupon on (its amount is what was left), so a replay answers exactly as the first time.
      await db.schema
        .alterTable("redemptions")
        .addColumn("member_discount", "bigint", (c) => c.notNull().defaultTo(sql`0`))
        .execute();
    },
  };
}
