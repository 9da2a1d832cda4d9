import type SQLite from "better-sqlite3";
import type { Chunk } from "./generate.js";
import type { BulkSink } from "./sink.js";
import { TABLE_ORDER, TABLES, type TableName } from "./tables.js";

/** Rows per multi-row INSERT: past a few dozen, bigger statements stop paying (measured at 1M viewers). */
const ROWS_PER_STATEMENT = 64;
/** Chunks of viewers per transaction: a commit writes every page it touched, so fewer is faster. */
const CHUNKS_PER_COMMIT = 25;
/** The page cache for the load (KiB): the primary keys' B-trees of a million-member shop stay in it. */
const LOAD_CACHE_KIB = 262_144;

/**
 * A bulk load into a SQLite file the seeder owns, through better-sqlite3 itself: statements are
 * prepared once and run synchronously (Kysely would prepare each one again and await it). For
 * the load the file keeps no journal and skips fsync (a crash means seeding a fresh file again),
 * foreign keys are not looked up for rows consistent by construction, and secondary indexes are
 * dropped and made again at the end from the statements the migrations left in sqlite_master (a
 * sort instead of a B-tree insert per row). The connection's settings come back afterwards.
 */
export function sqliteSink(database: SQLite.Database): BulkSink {
  const tables = [...TABLE_ORDER];
  const marks = tables.map(() => "?").join(",");
  const indexes = database
    .prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${marks})`)
    .all(...tables) as { name: string; sql: string }[];
  const saved = {
    journal_mode: database.pragma("journal_mode", { simple: true }) as string,
    synchronous: database.pragma("synchronous", { simple: true }) as number,
    cache_size: database.pragma("cache_size", { simple: true }) as number,
    foreign_keys: database.pragma("foreign_keys", { simple: true }) as number,
  };
  database.pragma("foreign_keys = off");
  database.pragma("journal_mode = off");
  database.pragma("synchronous = off");
  database.pragma(`cache_size = -${LOAD_CACHE_KIB}`);
  for (const index of indexes) database.exec(`drop index "${index.name}"`);

  const writers = Object.fromEntries(tables.map((table) => [table, tableWriter(database, table)])) as Record<
    TableName,
    (values: readonly Value[]) => void
  >;
  let chunksInTransaction = 0;
  const commit = () => {
    if (database.inTransaction) database.exec("commit");
    chunksInTransaction = 0;
  };

  return {
    format: "values",
    write(chunk: Chunk) {
      if (!database.inTransaction) database.exec("begin");
      for (const table of tables) writers[table](chunk.tables[table] as Value[]);
      if (++chunksInTransaction >= CHUNKS_PER_COMMIT) commit();
    },
    async finish(phase) {
      commit();
      await phase("indexes", () => {
        for (const index of indexes) database.exec(index.sql);
      });
      await phase("settle", () => {
        database.pragma(`foreign_keys = ${saved.foreign_keys}`);
        database.pragma(`synchronous = ${saved.synchronous}`);
        database.pragma(`cache_size = ${saved.cache_size}`);
        database.pragma(`journal_mode = ${saved.journal_mode}`);
      });
    },
    abort() {
      if (database.inTransaction) database.exec("rollback");
    },
  };
}

type Value = string | number | null;

/** Writes a table's rows (their values one after another) ROWS_PER_STATEMENT rows a statement, the rest one by one. */
function tableWriter(database: SQLite.Database, table: TableName): (values: readonly Value[]) => void {
  const columns = TABLES[table].map(([name]) => name);
  const tuple = `(${columns.map(() => "?").join(",")})`;
  const insert = (rows: number) =>
    database.prepare(`insert into ${table} (${columns.join(",")}) values ${Array(rows).fill(tuple).join(",")}`);
  const many = insert(ROWS_PER_STATEMENT);
  const one = insert(1);
  const width = columns.length;
  const size = ROWS_PER_STATEMENT * width;
  const group: Value[] = new Array(size);
  const row: Value[] = new Array(width);
  return (values) => {
    let at = 0;
    for (; at + size <= values.length; at += size) {
      for (let v = 0; v < size; v++) group[v] = values[at + v] as Value;
      many.run(group);
    }
    for (; at < values.length; at += width) {
      for (let v = 0; v < width; v++) row[v] = values[at + v] as Value;
      one.run(row);
    }
  };
}
