import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { type Dialect, openStore } from "../../server/store/database.js";
import { MIGRATION_NAMES } from "../../server/store/migrations/index.js";
import { freshDatabase } from "../../support/postgres.js";
import { testPostgresUrl } from "../../support/store.js";
import { migrateToLatest as migrateWithSingleFile } from "../fixtures/single-file-migrations.js";

/**
 * Databases in the field were migrated when every migration lived in one file. The split into
 * one file per migration must find them up to date: the migrator keys each migration by its
 * recorded name, so a renamed one would run again (and fail on its existing tables).
 */
describe("migrations, one file each", () => {
  async function databaseOfTheSingleFile(): Promise<{ url: string; dialect: Dialect; drop(): Promise<void> }> {
    if (testPostgresUrl) {
      const database = await freshDatabase(testPostgresUrl, "encore_layout");
      const pool = new pg.Pool({ connectionString: database.url, max: 2 });
      const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
      await migrateWithSingleFile(db, "postgres");
      await sql`insert into shops (id, name, secret, config, created_at) values ('s1', 'Shop', 'sk_1', '{}', 1)`.execute(
        db,
      );
      await db.destroy();
      return { url: database.url, dialect: "postgres", drop: database.drop };
    }
    const dir = mkdtempSync(join(tmpdir(), "encore-layout-"));
    const url = join(dir, "encore.db");
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(url) }) });
    await migrateWithSingleFile(db, "sqlite");
    await sql`insert into shops (id, name, secret, config, created_at) values ('s1', 'Shop', 'sk_1', '{}', 1)`.execute(
      db,
    );
    await db.destroy();
    return { url, dialect: "sqlite", drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }

  const applied = (db: Kysely<unknown>) =>
    sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration order by name`.execute(db);

  it("opens a database migrated by the single file without running anything again", async () => {
    const legacy = await databaseOfTheSingleFile();
    try {
      const probe = openWithoutMigrating(legacy.url, legacy.dialect);
      const before = (await applied(probe)).rows;
      await probe.destroy();

      const store = await openStore(legacy.url);
      try {
        const after = (await applied(store.db as Kysely<unknown>)).rows;
        expect(after).toEqual(before);
        expect(after.map((r) => r.name)).toEqual([...MIGRATION_NAMES]);
        const shops = await store.db.selectFrom("shops").select(["id", "name"]).execute();
        expect(shops).toEqual([{ id: "s1", name: "Shop" }]);
      } finally {
        await store.close();
      }
    } finally {
      await legacy.drop();
    }
  });
});

function openWithoutMigrating(url: string, dialect: Dialect): Kysely<unknown> {
  return dialect === "postgres"
    ? new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }) })
    : new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(url) }) });
}
