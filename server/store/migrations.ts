import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import type { Dialect } from "./database.js";

/**
 * Migrations live in code so the server binary carries them and runs them on start.
 * Each uses only types both dialects read the same way.
 */
function migrations(dialect: Dialect): Record<string, Migration> {
  const serial = dialect === "postgres" ? "bigserial" : "integer";
  return {
    "0001_points": {
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
    },
    "0002_coupons": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("coupon_templates")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("value", "bigint", (c) => c.notNull())
          .addColumn("min_spend", "bigint", (c) => c.notNull())
          .addColumn("valid_days", "integer", (c) => c.notNull())
          .addColumn("min_tier", "text")
          .addColumn("stock", "bigint")
          .addColumn("issued", "bigint", (c) => c.notNull().defaultTo(0))
          .addColumn("per_viewer_limit", "integer", (c) => c.notNull())
          .addColumn("points_cost", "bigint")
          .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addCheckConstraint("coupon_templates_stock", sql`stock is null or issued <= stock`)
          .execute();
        await db.schema.createIndex("coupon_templates_shop").on("coupon_templates").column("shop_id").execute();

        await db.schema
          .createTable("coupons")
          .addColumn("code", "text", (c) => c.primaryKey())
          .addColumn("shop_id", "text", (c) => c.notNull())
          .addColumn("viewer_id", "text", (c) => c.notNull())
          .addColumn("template_id", "text", (c) => c.notNull().references("coupon_templates.id"))
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("value", "bigint", (c) => c.notNull())
          .addColumn("min_spend", "bigint", (c) => c.notNull())
          .addColumn("source", "text", (c) => c.notNull())
          .addColumn("source_ref", "text", (c) => c.notNull())
          .addColumn("grant_key", "text", (c) => c.notNull())
          .addColumn("state", "text", (c) => c.notNull())
          .addColumn("issued_at", "bigint", (c) => c.notNull())
          .addColumn("expires_at", "bigint", (c) => c.notNull())
          .addColumn("redeemed_at", "bigint")
          .addColumn("redeemed_order", "text")
          .addColumn("discount", "bigint")
          .addUniqueConstraint("coupons_grant", ["shop_id", "grant_key"])
          .addForeignKeyConstraint("coupons_viewer", ["shop_id", "viewer_id"], "viewers", ["shop_id", "viewer_id"])
          .execute();
        await db.schema
          .createIndex("coupons_viewer")
          .on("coupons")
          .columns(["shop_id", "viewer_id", "issued_at"])
          .execute();
        await db.schema.createIndex("coupons_template").on("coupons").columns(["template_id", "viewer_id"]).execute();
      },
    },
    "0003_offers": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("offers")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
          .addColumn("room_id", "text", (c) => c.notNull().references("rooms.id"))
          .addColumn("template_id", "text", (c) => c.notNull().references("coupon_templates.id"))
          .addColumn("keyword", "text", (c) => c.notNull())
          .addColumn("mode", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("stock", "bigint", (c) => c.notNull())
          .addColumn("claimed", "bigint", (c) => c.notNull().defaultTo(0))
          .addColumn("min_tier", "text")
          .addColumn("started_at", "bigint", (c) => c.notNull())
          .addColumn("ends_at", "bigint", (c) => c.notNull())
          .addColumn("ended_at", "bigint")
          .addColumn("sold_out_at", "bigint")
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addCheckConstraint("offers_stock", sql`stock > 0 and claimed >= 0 and claimed <= stock`)
          .execute();
        await db.schema.createIndex("offers_room").on("offers").columns(["room_id", "started_at"]).execute();
        // One live offer per room, held by the database as well as by the service.
        await db.schema
          .createIndex("offers_one_live")
          .unique()
          .on("offers")
          .column("room_id")
          .where(sql.ref("status"), "=", "live")
          .execute();

        await db.schema
          .createTable("offer_entries")
          .addColumn("offer_id", "text", (c) => c.notNull().references("offers.id"))
          .addColumn("viewer_id", "text", (c) => c.notNull())
          .addColumn("shop_id", "text", (c) => c.notNull())
          .addColumn("name", "text")
          .addColumn("seq", "bigint", (c) => c.notNull())
          .addColumn("won", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("coupon_code", "text")
          .addColumn("entered_at", "bigint", (c) => c.notNull())
          .addColumn("won_at", "bigint")
          .addPrimaryKeyConstraint("offer_entries_pk", ["offer_id", "viewer_id"])
          .addForeignKeyConstraint("offer_entries_viewer", ["shop_id", "viewer_id"], "viewers", [
            "shop_id",
            "viewer_id",
          ])
          .execute();
        await db.schema.createIndex("offer_entries_won").on("offer_entries").columns(["offer_id", "won"]).execute();

        await db.schema
          .createTable("offer_draws")
          .addColumn("offer_id", "text", (c) => c.primaryKey().references("offers.id"))
          .addColumn("seed", "text", (c) => c.notNull())
          .addColumn("entries", "text", (c) => c.notNull())
          .addColumn("winners", "text", (c) => c.notNull())
          .addColumn("drawn_at", "bigint", (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("mutes")
          .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
          .addColumn("viewer_id", "text", (c) => c.notNull())
          .addColumn("muted_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("mutes_pk", ["shop_id", "viewer_id"])
          .execute();

        await db.schema
          .createTable("room_products")
          .addColumn("room_id", "text", (c) => c.primaryKey().references("rooms.id"))
          .addColumn("sku", "text", (c) => c.notNull())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("price", "bigint", (c) => c.notNull())
          .addColumn("image", "text")
          .addColumn("featured_at", "bigint", (c) => c.notNull())
          .execute();
      },
    },
    "0004_commerce": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("orders")
          .addColumn("shop_id", "text", (c) => c.notNull())
          .addColumn("order_id", "text", (c) => c.notNull())
          .addColumn("viewer_id", "text", (c) => c.notNull())
          .addColumn("amount", "bigint", (c) => c.notNull())
          .addColumn("discount", "bigint", (c) => c.notNull())
          .addColumn("points_used", "bigint", (c) => c.notNull())
          .addColumn("points_value", "bigint", (c) => c.notNull())
          .addColumn("paid", "bigint", (c) => c.notNull())
          .addColumn("points_earned", "bigint", (c) => c.notNull())
          .addColumn("growth_earned", "bigint", (c) => c.notNull())
          .addColumn("coupon_code", "text")
          .addColumn("request", "text", (c) => c.notNull())
          .addColumn("response", "text", (c) => c.notNull())
          .addColumn("paid_at", "bigint", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("refunded_at", "bigint")
          .addColumn("refund", "text")
          .addPrimaryKeyConstraint("orders_pk", ["shop_id", "order_id"])
          .addForeignKeyConstraint("orders_viewer", ["shop_id", "viewer_id"], "viewers", ["shop_id", "viewer_id"])
          .execute();
        await db.schema
          .createIndex("orders_viewer")
          .on("orders")
          .columns(["shop_id", "viewer_id", "paid_at"])
          .execute();
        await db.schema.createIndex("orders_recent").on("orders").columns(["shop_id", "paid_at"]).execute();

        await db.schema
          .createTable("order_items")
          .addColumn("shop_id", "text", (c) => c.notNull())
          .addColumn("order_id", "text", (c) => c.notNull())
          .addColumn("line", "integer", (c) => c.notNull())
          .addColumn("sku", "text", (c) => c.notNull())
          .addColumn("name", "text")
          .addColumn("qty", "integer", (c) => c.notNull())
          .addColumn("price", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("order_items_pk", ["shop_id", "order_id", "line"])
          .addForeignKeyConstraint("order_items_order", ["shop_id", "order_id"], "orders", ["shop_id", "order_id"])
          .execute();
        await db.schema.createIndex("order_items_sku").on("order_items").columns(["shop_id", "sku"]).execute();

        await db.schema
          .createTable("redemptions")
          .addColumn("shop_id", "text", (c) => c.notNull())
          .addColumn("order_id", "text", (c) => c.notNull())
          .addColumn("code", "text", (c) => c.notNull())
          .addColumn("viewer_id", "text", (c) => c.notNull())
          .addColumn("amount", "bigint", (c) => c.notNull())
          .addColumn("discount", "bigint", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("reversed_at", "bigint")
          .addPrimaryKeyConstraint("redemptions_pk", ["shop_id", "order_id"])
          .execute();

        await db.schema
          .createTable("clicks")
          .addColumn("id", serial, (c) => c.primaryKey())
          .addColumn("shop_id", "text", (c) => c.notNull())
          .addColumn("viewer_id", "text", (c) => c.notNull())
          .addColumn("sku", "text", (c) => c.notNull())
          .addColumn("at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("clicks_viewer").on("clicks").columns(["shop_id", "viewer_id", "at"]).execute();
        await db.schema.createIndex("clicks_sku").on("clicks").columns(["shop_id", "sku", "at"]).execute();

        await db.schema
          .createTable("reminders")
          .addColumn("shop_id", "text", (c) => c.notNull())
          .addColumn("room_id", "text", (c) => c.notNull().references("rooms.id"))
          .addColumn("viewer_id", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("reminders_pk", ["room_id", "viewer_id"])
          .execute();

        await db.schema
          .createTable("webhook_endpoints")
          .addColumn("shop_id", "text", (c) => c.primaryKey().references("shops.id"))
          .addColumn("url", "text", (c) => c.notNull())
          .addColumn("secret", "text", (c) => c.notNull())
          .addColumn("updated_at", "bigint", (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("outbox")
          .addColumn("id", serial, (c) => c.primaryKey())
          .addColumn("shop_id", "text", (c) => c.notNull())
          .addColumn("event", "text", (c) => c.notNull())
          .addColumn("body", "text", (c) => c.notNull())
          .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("delivered_at", "bigint")
          .execute();
        await db.schema.createIndex("outbox_due").on("outbox").columns(["delivered_at", "next_attempt_at"]).execute();

        await db.schema
          .createTable("deliveries")
          .addColumn("id", serial, (c) => c.primaryKey())
          .addColumn("outbox_id", "bigint", (c) => c.notNull().references("outbox.id"))
          .addColumn("shop_id", "text", (c) => c.notNull())
          .addColumn("attempt", "integer", (c) => c.notNull())
          .addColumn("status", "integer")
          .addColumn("ok", "integer", (c) => c.notNull())
          .addColumn("error", "text")
          .addColumn("at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("deliveries_shop").on("deliveries").columns(["shop_id", "id"]).execute();
      },
    },
    "0005_insight": {
      async up(db: Kysely<unknown>) {
        // one sample per room per minute: the dashboard's "viewers over time"
        await db.schema
          .createTable("room_samples")
          .addColumn("room_id", "text", (c) => c.notNull().references("rooms.id"))
          .addColumn("minute", "bigint", (c) => c.notNull())
          .addColumn("viewers", "integer", (c) => c.notNull())
          .addPrimaryKeyConstraint("room_samples_pk", ["room_id", "minute"])
          .execute();

        // verified watch time per viewer per live session (a session is keyed by its start)
        await db.schema
          .createTable("live_watch")
          .addColumn("room_id", "text", (c) => c.notNull().references("rooms.id"))
          .addColumn("live_started_at", "bigint", (c) => c.notNull())
          .addColumn("shop_id", "text", (c) => c.notNull())
          .addColumn("viewer_id", "text", (c) => c.notNull())
          .addColumn("watched_ms", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("live_watch_pk", ["room_id", "live_started_at", "viewer_id"])
          .execute();

        await db.schema
          .createTable("experiments")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("incentive", "text", (c) => c.notNull())
          .addColumn("arms", "text", (c) => c.notNull())
          .addColumn("holdout_percent", "integer", (c) => c.notNull())
          .addColumn("min_sample", "integer", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("stopped_at", "bigint")
          .execute();
        await db.schema
          .createIndex("experiments_running")
          .on("experiments")
          .columns(["shop_id", "incentive", "status"])
          .execute();

        await db.schema
          .createTable("experiment_exposures")
          .addColumn("experiment_id", "text", (c) => c.notNull().references("experiments.id"))
          .addColumn("viewer_id", "text", (c) => c.notNull())
          .addColumn("shop_id", "text", (c) => c.notNull())
          .addColumn("arm", "text", (c) => c.notNull())
          .addColumn("exposed_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("experiment_exposures_pk", ["experiment_id", "viewer_id"])
          .execute();

        // the dashboard's aggregates read by shop and time
        await db.schema.createIndex("ledger_time").on("ledger").columns(["shop_id", "created_at"]).execute();
        await db.schema.createIndex("coupons_source").on("coupons").columns(["shop_id", "source", "state"]).execute();
        // experiment results look up each exposed viewer's redemptions by time
        await db.schema
          .createIndex("redemptions_viewer")
          .on("redemptions")
          .columns(["shop_id", "viewer_id", "created_at"])
          .execute();
        await db.schema.createIndex("orders_coupon").on("orders").columns(["shop_id", "coupon_code"]).execute();
        await db.schema.createIndex("viewers_growth").on("viewers").columns(["shop_id", "growth"]).execute();
      },
    },
    "0006_outbox_retention": {
      async up(db: Kysely<unknown>) {
        // delivered messages are removed with their attempts after the retention period
        await db.schema.createIndex("deliveries_outbox").on("deliveries").columns(["outbox_id"]).execute();
      },
    },
    "0007_products": {
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
    },
    "0009_host_viewers": {
      async up(db: Kysely<unknown>) {
        // a host's token makes a viewer row like anyone's; the dashboard's audience counts leave it out
        await db.schema
          .alterTable("viewers")
          .addColumn("is_host", "integer", (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
  };
}

class CodeMigrations implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations() {
    return migrations(this.dialect);
  }
}

export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await migrateUpTo(db, dialect);
}

/** Brings the schema up to the named migration (the newest when none is named): tests of a migration's data use it. */
export async function migrateUpTo(db: Kysely<unknown>, dialect: Dialect, name?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: new CodeMigrations(dialect) });
  const { error, results } = name === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(name);
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ""} failed: ${String(error)}`);
  }
}
