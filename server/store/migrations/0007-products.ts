import { type Kysely, type Migration, sql } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0007_products";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("products")
        .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
        .addColumn("sku", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("price", "bigint", (c) => c.notNull())
        .addColumn("was", "bigint")
        .addColumn("image", "text")
        .addColumn("in_stock", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("usage_days", "integer")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("products_pk", ["shop_id", "sku"])
        .execute();

      // A product featured by hand before the catalogue existed becomes a catalogue product
      // (its one name in both locales), so the room keeps showing it.
      const featured = await sql<{
        shop_id: string;
        sku: string;
        name: string;
        price: number | string;
        image: string | null;
        featured_at: number | string;
      }>`select r.shop_id, p.sku, p.name, p.price, p.image, p.featured_at
         from room_products p join rooms r on r.id = p.room_id order by p.featured_at`.execute(db);
      for (const row of featured.rows) {
        const at = Number(row.featured_at);
        await sql`insert into products (shop_id, sku, name, price, image, in_stock, created_at, updated_at)
          values (${row.shop_id}, ${row.sku}, ${JSON.stringify({ "zh-CN": row.name, en: row.name })},
                  ${Number(row.price)}, ${row.image}, 1, ${at}, ${at})
          on conflict (shop_id, sku) do nothing`.execute(db);
      }
      // what a room features is now a catalogue sku; its name, price and image are the catalogue's
      for (const column of ["name", "price", "image"]) {
        await db.schema.alterTable("room_products").dropColumn(column).execute();
      }
    },
  };
}
