import { createHash, randomBytes } from "node:crypto";
import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0017_keys";

/*
 * Splits each shop's one secret into an API key (stored as its sha256) and a signing key (stored
 * as is: HS256 verification recomputes the MAC, so it needs the key). Both start as the old
 * secret, so every backend, token and script that holds it keeps working until the shop rotates.
 * The hashing and the prefix are spelled out here rather than imported: a migration, once
 * shipped, must do the same thing forever, whatever the code it would import becomes.
 */

const id = (kind: string) => `${kind}_${randomBytes(12).toString("base64url")}`;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
/** At most 12 characters and never more than a third of the key, so a short test secret is not shown whole. */
const prefixOf = (secret: string) => secret.slice(0, Math.min(12, Math.floor(secret.length / 3)));

interface LegacyShop {
  id: string;
  secret: string;
  created_at: number;
}

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("api_keys")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("prefix", "text", (c) => c.notNull())
        // unique, hence indexed: every shop API call looks its bearer up by this
        .addColumn("hash", "text", (c) => c.notNull().unique())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("last_used_at", "bigint")
        .addColumn("revoked_at", "bigint")
        .execute();
      await db.schema.createIndex("api_keys_shop").on("api_keys").columns(["shop_id", "created_at"]).execute();

      await db.schema
        .createTable("signing_keys")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
        .addColumn("secret", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("retires_at", "bigint")
        .execute();
      await db.schema.createIndex("signing_keys_shop").on("signing_keys").columns(["shop_id", "created_at"]).execute();

      const typed = db as unknown as Kysely<{
        shops: LegacyShop;
        api_keys: {
          id: string;
          shop_id: string;
          name: string;
          prefix: string;
          hash: string;
          created_at: number;
          last_used_at: number | null;
          revoked_at: number | null;
        };
        signing_keys: { id: string; shop_id: string; secret: string; created_at: number; retires_at: number | null };
      }>;
      const shops = await typed.selectFrom("shops").select(["id", "secret", "created_at"]).execute();
      for (const shop of shops) {
        await typed
          .insertInto("api_keys")
          .values({
            id: id("key"),
            shop_id: shop.id,
            name: "shop secret",
            prefix: prefixOf(shop.secret),
            hash: sha256(shop.secret),
            created_at: Number(shop.created_at),
            last_used_at: null,
            revoked_at: null,
          })
          .execute();
        await typed
          .insertInto("signing_keys")
          .values({
            id: id("sig"),
            shop_id: shop.id,
            secret: shop.secret,
            created_at: Number(shop.created_at),
            retires_at: null,
          })
          .execute();
        // the plain copy goes: the column stays (SQLite cannot drop a UNIQUE one) but holds no secret
        await typed
          .updateTable("shops")
          .set({ secret: `retired:${shop.id}` })
          .where("id", "=", shop.id)
          .execute();
      }
    },
  };
}
