import { statSync } from "node:fs";
import { sql } from "kysely";
import type { Store } from "./database.js";

/** The most an import lets SQLite's write-ahead log hold before it is copied into the database. */
export const IMPORT_WAL_BYTES = 64 * 1024 * 1024;

/** Called between an import's batches; and once at the end to put the database's settings back. */
export interface WalPacer {
  between(): Promise<void>;
  restore(): Promise<void>;
}

const NOTHING: WalPacer = { between: async () => {}, restore: async () => {} };

/**
 * Checkpoints at the import's own pace. SQLite's automatic checkpoint runs at the commit that
 * takes the log past 1,000 pages: an import batch writes more than that, so every batch was
 * copied into the database again at once, the pages it shares with the next batch (the indexes'
 * leaves) twice over. During an import the log instead grows to IMPORT_WAL_BYTES, across several
 * batches (and the live server's commits among them), and is then checkpointed and truncated
 * between batches: the log file stays within that bound plus one batch, however large the file.
 */
export async function paceWal(store: Store): Promise<WalPacer> {
  if (store.native.dialect !== "sqlite") return NOTHING;
  const path = store.native.database.name;
  const mode = (await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db)).rows[0]?.journal_mode;
  if (mode !== "wal") return NOTHING;
  const row = (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(store.db)).rows[0];
  const previous = Math.trunc(row?.wal_autocheckpoint ?? 1000);
  await sql`pragma wal_autocheckpoint = 0`.execute(store.db);
  const checkpoint = () => sql`pragma wal_checkpoint(TRUNCATE)`.execute(store.db);
  return {
    async between() {
      if (walBytes(`${path}-wal`) >= IMPORT_WAL_BYTES) await checkpoint();
    },
    async restore() {
      await sql.raw(`pragma wal_autocheckpoint = ${previous}`).execute(store.db);
      await checkpoint();
    },
  };
}

function walBytes(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
