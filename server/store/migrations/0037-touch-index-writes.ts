import { type Kysely, type Migration, type SqlBool, sql } from "kysely";
import type { Dialect } from "../database.js";

export const name = "0037_touch_index_writes";

/**
 * Fewer index pages written per touch sent. A sweep at a million members sends tens of
 * thousands of touches, each written into every index of `touches`, most of them at a random
 * place (they lead with the viewer): on SQLite each such page is a page its commit copies to the
 * log, in transactions the server's thread makes while beats wait (docs/benchmarks.md).
 *
 * - `touches_sent` (shop, viewer, sent_at) goes: every read of it names the viewer, and
 *   `touches_once` (shop, viewer, key) finds a viewer's few touches as well.
 * - `touches_open` keeps only the touches still waiting (pending, deferred to the morning, held
 *   back): the sweep asks it for those alone, and a sent touch, the most of them by far, is no
 *   longer written into it. Its readers name the same three statuses as literals
 *   (`OPEN_TOUCH_STATUSES` in store/lifecycle-candidates.ts), or neither database would use it.
 */
export function migration(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.dropIndex("touches_sent").execute();
      await db.schema.dropIndex("touches_open").execute();
      await db.schema
        .createIndex("touches_open")
        .on("touches")
        .columns(["shop_id", "status", "viewer_id"])
        .where(sql.raw<SqlBool>("status in ('pending', 'deferred', 'held')"))
        .execute();
    },
  };
}
