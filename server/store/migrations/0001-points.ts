import { type Kysely, type Migration, sql } from "kysely";
import type { Dialect } from "../database.js";
import { serialType } from "./types.js";

export const name = "0001_points";

export function migration(dialect: Dialect): Migration {
  const serial = serialType(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("shops")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("secret", "text", (c) => c.notNull().unique())
        .addColumn("config", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("rooms")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("live", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("live_started_at", "bigint")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("rooms_shop").on("rooms").column("shop_id").execute();

      await db.schema
        .createTable("viewers")
        .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("name", "text")
        .addColumn("birthday", "text")
        .addColumn("points", "bigint", (c) => c.notNull().defaultTo(0).check(sql`points >= 0`))
        .addColumn("growth", "bigint", (c) => c.notNull().defaultTo(0).check(sql`growth >= 0`))
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("viewers_pk", ["shop_id", "viewer_id"])
        .execute();

      await db.schema
        .createTable("ledger")
        .addColumn("id", serial, (c) => c.primaryKey())
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("delta", "bigint", (c) => c.notNull())
        .addColumn("growth_delta", "bigint", (c) => c.notNull())
        .addColumn("reason", "text", (c) => c.notNull())
        .addColumn("ref", "text", (c) => c.notNull())
        .addColumn("idempotency_key", "text", (c) => c.notNull())
        .addColumn("note", "text")
        .addColumn("points_after", "bigint", (c) => c.notNull())
        .addColumn("growth_after", "bigint", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addUniqueConstraint("ledger_idempotency", ["shop_id", "idempotency_key"])
        .addForeignKeyConstraint("ledger_viewer", ["shop_id", "viewer_id"], "viewers", ["shop_id", "viewer_id"])
        .execute();
      await db.schema.createIndex("ledger_viewer_id").on("ledger").columns(["shop_id", "viewer_id", "id"]).execute();

      await db.schema
        .createTable("watch_state")
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("credited_until", "bigint")
        .addColumn("carry_ms", "bigint", (c) => c.notNull())
        .addColumn("total_ms", "bigint", (c) => c.notNull())
        .addColumn("day", "text", (c) => c.notNull())
        .addColumn("day_points", "bigint", (c) => c.notNull())
        .addColumn("blocks", "bigint", (c) => c.notNull())
        .addColumn("chests", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("watch_state_pk", ["shop_id", "viewer_id"])
        .addForeignKeyConstraint("watch_state_viewer", ["shop_id", "viewer_id"], "viewers", ["shop_id", "viewer_id"])
        .execute();

      await db.schema
        .createTable("chests")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("ordinal", "bigint", (c) => c.notNull())
        .addColumn("points", "bigint", (c) => c.notNull())
        .addColumn("appeared_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addColumn("claimed_at", "bigint")
        .addUniqueConstraint("chests_ordinal", ["shop_id", "viewer_id", "ordinal"])
        .execute();
    },
  };
}
