import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openStore, type Store, WAL_SIZE_LIMIT } from "../../server/store/database.js";
import { holdAutoCheckpoint, openCheckpointer } from "../../server/store/wal-checkpoints.js";

/*
 * While the sweep thread sweeps, the server's connection makes no checkpoint and the thread's
 * checkpointer copies the log back after each chunk. These tests hold the server's side still
 * (a transaction left open, a reader on the log), which a running server only does for moments.
 */

const MB = 1024 * 1024;
let dir = "";
let store: Store | null = null;

afterEach(async () => {
  await store?.close();
  store = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function scratchStore() {
  dir = mkdtempSync(join(tmpdir(), "encore-wal-"));
  const path = join(dir, "encore.db");
  store = await openStore(path);
  if (store.native.dialect !== "sqlite") throw new Error("a SQLite store was asked for");
  const sqlite = store.native.database;
  sqlite.exec("create table scratch (body blob not null)");
  const insert = sqlite.prepare("insert into scratch (body) values (zeroblob(?))");
  /** commits `mb` megabytes of new rows, one per megabyte */
  const write = (mb: number) =>
    sqlite.transaction(() => {
      for (let i = 0; i < mb; i++) insert.run(MB);
    })();
  const walBytes = () => statSync(`${path}-wal`).size;
  return { path, store, sqlite, write, walBytes };
}

describe("the sweep thread's checkpoints (SQLite)", () => {
  it("make the server's next commit write the log from its beginning, not at its end", async () => {
    const { path, store, write, walBytes } = await scratchStore();
    const restore = holdAutoCheckpoint(store);
    const checkpointer = openCheckpointer(path);
    try {
      write(8);
      const grown = walBytes();
      expect(grown).toBeGreaterThan(8 * MB);
      for (let chunk = 0; chunk < 5; chunk++) {
        expect(checkpointer.checkpoint()).toBe(true);
        write(8);
      }
      // five more chunks written over the same pages: without starting over it would be six times the size
      expect(walBytes()).toBeLessThanOrEqual(grown + MB);
    } finally {
      checkpointer.close();
      restore();
    }
  });

  it("do not wait for a transaction of the server's: the log goes on until the next chunk, and nothing is lost", async () => {
    const { path, store, sqlite, write, walBytes } = await scratchStore();
    const restore = holdAutoCheckpoint(store);
    const checkpointer = openCheckpointer(path);
    try {
      write(4);
      sqlite.exec("begin immediate");
      sqlite.prepare("insert into scratch (body) values (zeroblob(1))").run();
      expect(checkpointer.checkpoint()).toBe(false);
      sqlite.exec("commit");
      const before = walBytes();
      write(4);
      expect(walBytes()).toBeGreaterThan(before);
      expect(checkpointer.checkpoint()).toBe(true);
      write(1);
      expect(sqlite.prepare("select count(*) as n from scratch").get()).toEqual({ n: 10 });
    } finally {
      checkpointer.close();
      restore();
    }
  });

  it("do not start the log over under a reader still on it", async () => {
    const { path, store, write, walBytes } = await scratchStore();
    const restore = holdAutoCheckpoint(store);
    const checkpointer = openCheckpointer(path);
    const other = new SQLite(path, { readonly: true });
    try {
      write(4);
      other.exec("begin");
      other.prepare("select count(*) from scratch").get();
      expect(checkpointer.checkpoint()).toBe(false);
      const before = walBytes();
      write(4);
      expect(walBytes()).toBeGreaterThan(before);
      // what the reader sees is what it began with
      expect(other.prepare("select count(*) as n from scratch").get()).toEqual({ n: 4 });
      other.exec("commit");
      expect(checkpointer.checkpoint()).toBe(true);
    } finally {
      other.close();
      checkpointer.close();
      restore();
    }
  });

  it("give up, not fail, when another connection holds the file exclusively", async () => {
    dir = mkdtempSync(join(tmpdir(), "encore-wal-"));
    const path = join(dir, "held.db");
    const holder = new SQLite(path);
    holder.pragma("journal_mode = WAL");
    holder.exec("create table scratch (body blob not null)");
    const checkpointer = openCheckpointer(path);
    try {
      holder.pragma("locking_mode = exclusive");
      holder.exec("begin exclusive");
      expect(checkpointer.checkpoint()).toBe(false);
      holder.exec("commit");
    } finally {
      holder.close();
      checkpointer.close();
    }
  });

  it("leave the log cut back to its limit once it started over", async () => {
    const { path, store, write, walBytes } = await scratchStore();
    const restore = holdAutoCheckpoint(store);
    const checkpointer = openCheckpointer(path);
    try {
      write(WAL_SIZE_LIMIT / MB + 8);
      expect(walBytes()).toBeGreaterThan(WAL_SIZE_LIMIT);
      expect(checkpointer.checkpoint()).toBe(true);
      write(1);
      expect(walBytes()).toBeLessThanOrEqual(WAL_SIZE_LIMIT);
    } finally {
      checkpointer.close();
      restore();
    }
  });
});
