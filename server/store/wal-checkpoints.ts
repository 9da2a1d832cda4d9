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
  /** copies what it can without waiting for anyone (PASSIVE: no lock a beat needs is taken) */
  checkpoint(): void;
  close(): void;
}

/**
 * Opens a connection on the SQLite file at `path` for checkpoints alone (a read-only connection
 * cannot checkpoint). It never writes a row: the server's connection stays the file's one writer,
 * and a passive checkpoint neither takes the write lock nor waits for readers.
 */
export function openCheckpointer(path: string): Checkpointer {
  const sqlite = new SQLite(path, { fileMustExist: true });
  return {
    checkpoint: () => {
      sqlite.pragma("wal_checkpoint(PASSIVE)");
    },
    close: () => sqlite.close(),
  };
}
