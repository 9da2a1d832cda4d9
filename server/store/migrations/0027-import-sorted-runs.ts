import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0027_import_sorted_runs";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // An order import now sorts its file in memory a chunk at a time and stages each chunk
      // already in date order, then merges the chunks: every staged row goes at the end of its
      // chunk, where the date index of 0020 put each one at a random place and slowed a million
      // lines to minutes. Staged lines live only while their run does, so none are kept.
      await db.schema.dropTable("import_lines").execute();
      await db.schema
        .createTable("import_lines")
        .addColumn("run_id", "text", (c) => c.notNull())
        /** which sorted chunk of the file, and the line's place in it (date order) */
        .addColumn("chunk", "integer", (c) => c.notNull())
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("line", "integer", (c) => c.notNull())
        .addColumn("order_id", "text", (c) => c.notNull())
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("amount", "bigint", (c) => c.notNull())
        .addColumn("discount", "bigint", (c) => c.notNull())
        .addColumn("paid_at", "bigint", (c) => c.notNull())
        /** the order's items as JSON */
        .addColumn("items", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("import_lines_pk", ["run_id", "chunk", "seq"])
        .execute();
    },
  };
}
