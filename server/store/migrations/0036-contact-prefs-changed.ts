import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0036_contact_prefs_changed";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // A contact preference set since the last sweep makes its viewer a candidate of the next
      // (store/lifecycle-candidates.ts `changedSince`): found by time, not by walking the shop's preferences.
      await db.schema
        .createIndex("contact_prefs_changed")
        .on("contact_prefs")
        .columns(["shop_id", "updated_at"])
        .execute();
    },
  };
}
