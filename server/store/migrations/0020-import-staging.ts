import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0020_import_staging";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // An order import reads its file once into here, then credits the lines in date order
      // through the index: a file in any order replays as it happened, without holding it in
      // memory. A run's rows are deleted when it ends.
      await db.schema
        .createTable("import_lines")
        .addColumn("run_id", "text", (c) => c.notNull())
        .addColumn("line", "integer", (c) => c.notNull())
        .addColumn("order_id", "text", (c) => c.notNull())
        .addColumn("viewer_id", "text", (c) => c.notNull())
        .addColumn("amount", "bigint", (c) => c.notNull())
        .addColumn("discount", "bigint", (c) => c.notNull())
        .addColumn("paid_at", "bigint", (c) => c.notNull())
        /** the order's items as JSON */
        .addColumn("items", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("import_lines_pk", ["run_id", "line"])
        .execute();
      await db.schema
        .createIndex("import_lines_date")
        .on("import_lines")
        .columns(["run_id", "paid_at", "line"])
        .execute();
    },
  };
}
