import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";
import { createLastActiveTriggers, rebuildLastActive } from "../last-active.js";

export const name = "0034_last_active_days";

export function migration(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Members per shop per UTC day of their last watch (or arrival), in a few shards a day, kept
      // by triggers on viewers and watch_state (store/last-active.ts): dormancy becomes a sum over
      // day rows instead of a count of the whole audience.
      await db.schema
        .createTable("last_active_days")
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("day", "bigint", (c) => c.notNull())
        .addColumn("shard", "integer", (c) => c.notNull())
        .addColumn("members", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("last_active_days_pk", ["shop_id", "day", "shard"])
        .execute();
      await rebuildLastActive(db);
      await createLastActiveTriggers(db, dialect);
    },
  };
}
