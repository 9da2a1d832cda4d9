import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "../server/store/database.js";
import { freshDatabase } from "./postgres.js";

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

/**
 * Read at each call, not once: the SQLite and Postgres projects share a worker's modules
 * (vitest.config.ts), and each sets its own ENCORE_TEST_PG.
 */
export const testPostgresUrl = (): string | undefined => process.env.ENCORE_TEST_PG || undefined;

export async function createTestStore(): Promise<TestStore> {
  const postgres = testPostgresUrl();
  if (postgres) return createPostgresStore(postgres);
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
  const database = await freshDatabase(adminUrl, "encore_test");
  return {
    store: await openStore(database.url),
    url: database.url,
    reopen: () => openStore(database.url),
    dispose: database.drop,
  };
}
