import pg from "pg";
import type { Chunk } from "./generate.js";
import { CopyIn } from "./postgres-copy.js";
import type { BulkSink } from "./sink.js";
import { TABLE_ORDER, TABLES, type TableName } from "./tables.js";

/** Memory for each index build after the load: a sort that fits is one pass. */
const INDEX_BUILD_MEMORY = "256MB";

interface Constraint {
  name: string;
  table: string;
  type: "p" | "u" | "f";
  definition: string;
}

/**
 * A bulk load into a Postgres database the seeder owns. Each table gets its own connection and one
 * COPY for the whole load, fed chunk after chunk, so the server parses one table while the next
 * chunk is generated and the tables load side by side. Foreign keys (checked row by row by
 * triggers), primary keys, unique constraints and indexes are dropped first and made again at the
 * end, each index a single sort; their definitions come from the catalogue (pg_constraint,
 * pg_indexes), so the schema after the seed is the schema the migrations made, and every row is
 * checked against every constraint once, when it comes back. Commits skip the wait for the disk:
 * a crash means seeding a fresh database again.
 */
export async function postgresSink(pool: pg.Pool): Promise<BulkSink> {
  const tables = [...TABLE_ORDER];
  const admin = new pg.Client(pool.options);
  await admin.connect();
  const constraints = (
    await admin.query<Constraint>(
      `select quote_ident(c.conname) as name, c.conrelid::regclass::text as table, c.contype as type,
        pg_get_constraintdef(c.oid) as definition
      from pg_constraint c
      where c.contype in ('p', 'u', 'f')
        and (c.conrelid = any($1::regclass[]) or c.confrelid = any($1::regclass[]))
      order by c.oid`,
      [tables],
    )
  ).rows;
  const indexes = (
    await admin.query<{ name: string; definition: string }>(
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
      from pg_index i
      where i.indrelid = any($1::regclass[])
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
      order by i.indexrelid`,
      [tables],
    )
  ).rows;
  const foreign = constraints.filter((c) => c.type === "f");
  const keys = constraints.filter((c) => c.type !== "f");

  await admin.query("begin");
  for (const c of [...foreign, ...keys]) await admin.query(`alter table ${c.table} drop constraint ${c.name}`);
  for (const index of indexes) await admin.query(`drop index ${index.name}`);
  await admin.query("commit");

  const clients: pg.Client[] = [];
  const copies = {} as Record<TableName, CopyIn>;
  try {
    for (const table of tables) {
      const client = new pg.Client(pool.options);
      clients.push(client);
      await client.connect();
      await client.query("set synchronous_commit = off");
      copies[table] = new CopyIn(client, table, TABLES[table]);
    }
  } catch (error) {
    await Promise.allSettled(clients.map((c) => c.end()));
    await admin.end();
    throw error;
  }

  const closeAll = async () => {
    await Promise.allSettled(clients.map((c) => c.end()));
    await admin.end();
  };

  return {
    format: "copy",
    async write(chunk: Chunk) {
      await Promise.all(tables.map((table) => copies[table].write(chunk.tables[table] as string)));
    },
    async finish(phase) {
      try {
        await phase("copy-end", () => Promise.all(tables.map((table) => copies[table].end())));
        await phase("indexes", async () => {
          await admin.query(`set maintenance_work_mem = '${INDEX_BUILD_MEMORY}'`);
          for (const c of keys) await admin.query(`alter table ${c.table} add constraint ${c.name} ${c.definition}`);
          for (const index of indexes) await admin.query(index.definition);
        });
        await phase("foreign-keys", async () => {
          for (const c of foreign) await admin.query(`alter table ${c.table} add constraint ${c.name} ${c.definition}`);
        });
      } finally {
        await closeAll();
      }
    },
    async abort() {
      for (const table of tables) copies[table].fail("bulk seed aborted");
      await closeAll();
    },
  };
}
