import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openStore, type Store } from "../../server/store/database.js";

/**
 * The store a test server runs on. SQLite by default: a file in a fresh temp folder. With
 * ENCORE_TEST_PG set (a postgres:// URL of a role that may create databases), each test store
 * is a fresh Postgres database dropped afterwards, so the same suite proves both dialects.
 */
export interface TestStore {
  store: Store;
  /** what `openStore` needs to open the same data again (a restart) */
  url: string;
  reopen(): Promise<Store>;
  dispose(): Promise<void>;
}

export const testPostgresUrl = process.env.ENCORE_TEST_PG;

export async function createTestStore(): Promise<TestStore> {
  if (testPostgresUrl) return createPostgresStore(testPostgresUrl);
  const dir = mkdtempSync(join(tmpdir(), "encore-test-"));
  const url = join(dir, "encore.db");
  return {
    store: await openStore(url),
    url,
    reopen: () => openStore(url),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function createPostgresStore(adminUrl: string): Promise<TestStore> {
  const name = `encore_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    store: await openStore(url.toString()),
    url: url.toString(),
    reopen: () => openStore(url.toString()),
    dispose: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
