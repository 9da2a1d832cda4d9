import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0006_outbox_retention";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // delivered messages are removed with their attempts after the retention period
      await db.schema.createIndex("deliveries_outbox").on("deliveries").columns(["outbox_id"]).execute();
    },
  };
}
