import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";
import { serialType } from "./types.js";

export const name = "0011_back_office";

export function migration(dialect: Dialect): Migration {
  const serial = serialType(dialect);
  return {
    async up(db: Kysely<unknown>) {
      // every write of the config bumps it; the ETag of GET /v1/config, and what If-Match compares
      await db.schema
        .alterTable("shops")
        .addColumn("config_version", "integer", (c) => c.notNull().defaultTo(1))
        .execute();

      // One-time sign-ins by their secret's hash: the links the CLI prints, and the admin tokens
      // already exchanged (so each is good for one session). The secret itself is never stored.
      await db.schema
        .createTable("admin_sign_ins")
        .addColumn("secret_hash", "text", (c) => c.primaryKey())
        .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
        .addColumn("via", "text", (c) => c.notNull())
        .addColumn("name", "text")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addColumn("used_at", "bigint")
        .execute();

      await db.schema
        .createTable("admin_sessions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
        .addColumn("secret_hash", "text", (c) => c.notNull().unique())
        .addColumn("via", "text", (c) => c.notNull())
        .addColumn("name", "text")
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("user_agent", "text")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("last_seen_at", "bigint", (c) => c.notNull())
        .addColumn("expires_at", "bigint", (c) => c.notNull())
        .addColumn("ended_at", "bigint")
        .addColumn("ended_reason", "text")
        .execute();
      await db.schema
        .createIndex("admin_sessions_shop")
        .on("admin_sessions")
        .columns(["shop_id", "created_at"])
        .execute();

      await db.schema
        .createTable("audit_log")
        .addColumn("id", serial, (c) => c.primaryKey())
        .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
        .addColumn("at", "bigint", (c) => c.notNull())
        .addColumn("actor", "text", (c) => c.notNull())
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("target_kind", "text", (c) => c.notNull())
        .addColumn("target_id", "text", (c) => c.notNull())
        .addColumn("before", "text")
        .addColumn("after", "text")
        .addColumn("request_id", "text")
        .execute();
      await db.schema.createIndex("audit_log_shop").on("audit_log").columns(["shop_id", "id"]).execute();
      await db.schema.createIndex("audit_log_action").on("audit_log").columns(["shop_id", "action", "id"]).execute();
      await db.schema
        .createIndex("audit_log_target")
        .on("audit_log")
        .columns(["shop_id", "target_kind", "target_id", "id"])
        .execute();
    },
  };
}
