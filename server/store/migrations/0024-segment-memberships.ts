import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0024_segment_memberships";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // The segments each viewer was in at the last daily reading, since when: the next reading
      // diffs against these rows to tell the shop who entered and who left.
      await db.schema
        .createTable("segment_memberships")
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("segment", "text", (c) => c.notNull())
        .addColumn("entered_at", "bigint", (c) => c.notNull())
        // 1 when the shop's first reading found the viewer already in it: nobody was told, and
        // no welcome touch follows (it would greet months-old members all at once)
        .addColumn("baseline", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("segment_memberships_pk", ["shop_id", "viewer_id", "segment"])
        .execute();

      // Per shop, moments the lifecycle engine must remember between sweeps: when its first full
      // reading of segments ended, when the tier window was found switched on.
      await db.schema
        .createTable("lifecycle_marks")
        .addColumn("shop_id", "text", (c) => c.notNull())
        .addColumn("mark", "text", (c) => c.notNull())
        .addColumn("at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("lifecycle_marks_pk", ["shop_id", "mark"])
        .execute();
    },
  };
}
