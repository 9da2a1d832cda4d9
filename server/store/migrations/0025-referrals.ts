import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0025_referrals";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Each viewer's invite code, made the first time their invite card opens. Codes are unique
      // across shops, so a code pasted into another shop's page is known and refused as such.
      await db.schema
        .createTable("referral_codes")
        .addColumn("code", "text", (c) => c.primaryKey())
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addUniqueConstraint("referral_codes_viewer", ["shop_id", "viewer_id"])
        .execute();

      // One row per invited viewer: the key (shop, invitee) is what makes a viewer invited once
      // and rewarded once. `month` (YYYY-MM in the shop's zone) counts an inviter's monthly cap.
      await db.schema
        .createTable("referrals")
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("invitee_id", "text", (c) => c.notNull())
        .addColumn("inviter_id", "text", (c) => c.notNull())
        .addColumn("code", "text", (c) => c.notNull())
        .addColumn("month", "text", (c) => c.notNull())
        .addColumn("joined_at", "bigint", (c) => c.notNull())
        .addColumn("completed_at", "bigint")
        .addColumn("first_order_at", "bigint")
        .addPrimaryKeyConstraint("referrals_pk", ["shop_id", "invitee_id"])
        .execute();
      await db.schema
        .createIndex("referrals_inviter_month")
        .on("referrals")
        .columns(["shop_id", "inviter_id", "month"])
        .execute();
    },
  };
}
