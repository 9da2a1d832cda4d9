import { randomBytes } from "node:crypto";
import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0019_webhook_endpoints";

/*
 * A shop may have several webhook endpoints, each with its own secret, the events it wants and an
 * on/off switch; the outbox holds one message per endpoint. The one endpoint a shop had (keyed by
 * its shop id) becomes its first, wanting every event, and its pending messages go to it. The id
 * format is spelled out here rather than imported: a shipped migration must not change.
 */

interface LegacyEndpoint {
  shop_id: string;
  url: string;
  secret: string;
  updated_at: number;
}

interface Endpoint extends LegacyEndpoint {
  id: string;
  events: string | null;
  enabled: number;
  position: number;
  created_at: number;
}

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("webhook_endpoints_next")
        .addColumn("id", "text", (c) => c.notNull())
        .addColumn("shop_id", "text", (c) => c.notNull().references("shops.id"))
        .addColumn("url", "text", (c) => c.notNull())
        .addColumn("secret", "text", (c) => c.notNull())
        // a JSON array of event names; null: every event, including ones added later
        .addColumn("events", "text")
        .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
        // the order the shop added them in (the first is what GET/PUT /v1/webhooks mean): timestamps tie
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("updated_at", "bigint", (c) => c.notNull())
        // named, so the name stays right after the rename below (Postgres keeps constraint names)
        .addPrimaryKeyConstraint("webhook_endpoints_id_pk", ["id"])
        .execute();
      await db.schema.alterTable("outbox").addColumn("endpoint_id", "text").execute();

      const typed = db as unknown as Kysely<{
        webhook_endpoints: LegacyEndpoint;
        webhook_endpoints_next: Endpoint;
        outbox: { shop_id: string; endpoint_id: string | null };
      }>;
      const legacy = await typed.selectFrom("webhook_endpoints").selectAll().execute();
      for (const row of legacy) {
        const id = `whe_${randomBytes(12).toString("base64url")}`;
        await typed
          .insertInto("webhook_endpoints_next")
          .values({ ...row, id, events: null, enabled: 1, position: 1, created_at: row.updated_at })
          .execute();
        await typed.updateTable("outbox").set({ endpoint_id: id }).where("shop_id", "=", row.shop_id).execute();
      }
      await db.schema.dropTable("webhook_endpoints").execute();
      await db.schema.alterTable("webhook_endpoints_next").renameTo("webhook_endpoints").execute();
      await db.schema
        .createIndex("webhook_endpoints_shop")
        .on("webhook_endpoints")
        .columns(["shop_id", "position"])
        .execute();
      await db.schema.createIndex("outbox_endpoint").on("outbox").columns(["endpoint_id"]).execute();
    },
  };
}
