import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0029_campaigns";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // A shop's campaigns. The definition (names, schedule in the shop's local time, multipliers,
      // reserved coupons) is one JSON document: it is read whole, a shop has a handful, and the
      // schedule's local date-times are resolved against the shop's zone when read, not stored as
      // instants, so a change of zone moves them as the shop meant.
      await db.schema
        .createTable("campaigns")
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("id", "text", (c) => c.notNull())
        .addColumn("definition", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("campaigns_pk", ["shop_id", "id"])
        .execute();
    },
  };
}
