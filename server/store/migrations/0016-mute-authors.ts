import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0016_mute_authors";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // The back office lists who muted each viewer; mutes made before this know no one.
      await db.schema.alterTable("mutes").addColumn("muted_by", "text").execute();
      await db.schema.alterTable("mutes").addColumn("muted_by_name", "text").execute();
      // the back office's counts per template: redeemed coupons of each
      await db.schema
        .createIndex("coupons_template_state")
        .on("coupons")
        .columns(["shop_id", "template_id", "state"])
        .execute();
    },
  };
}
