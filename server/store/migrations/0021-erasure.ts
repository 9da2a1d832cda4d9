import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0021_erasure";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // The key an erased viewer's pseudonym is hashed with, one per shop, made at its first
      // erasure. It stays in the database and never leaves the server: with it the same viewer
      // maps to the same pseudonym, without it a pseudonym leads back to no one.
      await db.schema
        .createTable("erasure_salts")
        .addColumn("shop_id", "text", (c) => c.primaryKey().references("shops.id"))
        .addColumn("salt", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
    },
  };
}
