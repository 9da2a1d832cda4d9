import { closeSync, fsyncSync, openSync } from "node:fs";
import SQLite from "better-sqlite3";
import type { Store } from "./database.js";

/**
 * SQLite copies its write-ahead log back into the database at the commit that takes the log past
 * 1,000 pages (`wal_autocheckpoint`), inside that commit: on the server's connection, on its event
 * loop, while beats wait. A sweep writes thousands of pages, so during one the server's
 * connection leaves checkpoints to the sweep thread (`openCheckpointer`). Answers the function
 * that puts the setting back; nothing on other stores.
 */
export function holdAutoCheckpoint(store: Store): () => void {
  if (store.native.dialect !== "sqlite") return () => {};
  const sqlite = store.native.database;
  const previous = Number(sqlite.pragma("wal_autocheckpoint", { simple: true }));
  sqlite.pragma("wal_autocheckpoint = 0");
  return () => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${Math.trunc(previous)}`);
  };
}

/** A connection that only checkpoints the log; the thread that holds it pays for the copying. */
export interface Checkpointer {
  /**
   * Copies the log back into the database without waiting for anyone, then sees that the next
   * commit starts the log over from its beginning (see `openCheckpointer`). False when the server
   * was inside a transaction, or a reader on the log: the log goes on growing until the next.
   */
  checkpoint(): boolean;
  close(): void;
}

/**
 * Opens a connection on the SQLite file at `path` for checkpoints alone (a read-only connection
 * cannot checkpoint). It never writes a row: the server's connection stays the file's one writer.
 *
 * A passive checkpoint copies the log without any lock a beat needs, but the log only starts over
 * at a commit that begins with all of it copied and no reader on it, and the server's beats commit
 * while the copy runs: so the log would grow by everything a sweep writes (2.5 GB for a million
 * members), each commit extending the file rather than writing over pages it already has. So the
 * bulk is copied passively, and then a RESTART checkpoint takes the write lock for the few pages
 * committed meanwhile, which makes the server's next commit start the log over. It does not wait:
 * when the server is inside a transaction it is left for the next chunk.
 *
 * Between the two the database file is flushed to the disk here. SQLite flushes it at the end of
 * a checkpoint only when that checkpoint copied the whole log, which a passive one under the
 * server's commits never does; the RESTART would then flush the chunk's pages (about 5 MB at a
 * million members) while holding the write lock, and every beat's commit slept until it was done:
 * 9-10 ms a chunk. Flushed first, the RESTART holds the lock for 0.7 ms (docs/benchmarks.md).
 */
export function openCheckpointer(path: string): Checkpointer {
  const sqlite = new SQLite(path, { fileMustExist: true, timeout: 0 });
  const file = openSync(path, "r");
  return {
    checkpoint: () => {
      try {
        sqlite.pragma("wal_checkpoint(PASSIVE)");
        fsyncSync(file);
        const [outcome] = sqlite.pragma("wal_checkpoint(RESTART)") as { busy: number }[];
        return outcome?.busy === 0;
      } catch (error) {
        // a lock it would have waited for (the file held by another process): left for the next chunk,
        // never a failure of the chunk whose write has already landed
        if (String((error as { code?: unknown }).code).startsWith("SQLITE_BUSY")) return false;
        throw error;
      }
    },
    close: () => {
      sqlite.close();
      closeSync(file);
    },
  };
}
