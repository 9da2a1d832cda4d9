import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0013_platform_rooms";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // A platform room (a Douyin or Twitch room…) shows one Encore room: the key is the
      // platform room alone, so two shops can never both claim it and the extension's lookup
      // has one answer.
      await db.schema
        .createTable("platform_rooms")
        .addColumn("platform", "text", (c) => c.notNull())
        .addColumn("platform_room_id", "text", (c) => c.notNull())
        .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
        .addColumn("room_id", "text", (c) => c.notNull().references("rooms.id"))
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("platform_rooms_pk", ["platform", "platform_room_id"])
        .execute();
      // the shop's list of its mappings
      await db.schema.createIndex("platform_rooms_shop").on("platform_rooms").columns(["shop_id"]).execute();
    },
  };
}
