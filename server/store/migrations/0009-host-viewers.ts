import type { Kysely, Migration } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0009_host_viewers";

export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // a host's token makes a viewer row like anyone's; the dashboard's audience counts leave it out
      await db.schema
        .alterTable("viewers")
        .addColumn("is_host", "integer", (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
