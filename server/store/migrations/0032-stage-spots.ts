import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0032_stage_spots";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // 连麦: a viewer invited on stage, one row per invitation, kept after it ends (who was a
      // guest when, and why it ended). `open_room` holds the room id while the spot is open
      // (invited, accepted, on stage) and null once it ends: its unique index is what keeps one
      // guest per room even when two consoles invite at the same instant (NULLs never collide,
      // on SQLite and Postgres alike).
      await db.schema
        .createTable("stage_spots")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("room_id", "text", (c) => c.notNull())
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("tier", "integer", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("open_room", "text")
        .addColumn("invited_by", "text", (c) => c.notNull())
        .addColumn("invited_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint")
        .addColumn("on_stage_at", "bigint")
        .addColumn("ended_at", "bigint")
        .addColumn("ended_reason", "text")
        .execute();
      await db.schema.createIndex("stage_spots_open").unique().on("stage_spots").column("open_room").execute();
      await db.schema
        .createIndex("stage_spots_room_viewer")
        .on("stage_spots")
        .columns(["room_id", "viewer_id", "invited_at"])
        .execute();
    },
  };
}
