import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0018_reminder_choice";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // "Remind me" switched off is kept as a row with active = 0 instead of no row: the browser
      // extension follows the room a viewer signed in from unless they said no to it, and only a
      // kept "no" tells that apart from never having been asked.
      await db.schema
        .alterTable("reminders")
        .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
        .execute();
      // the rooms one viewer follows
      await db.schema.createIndex("reminders_viewer").on("reminders").columns(["shop_id", "viewer_id"]).execute();
    },
  };
}
