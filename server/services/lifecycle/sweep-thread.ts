/**
 * The sweep thread's entry: a worker thread with a store connection of its own, so a sweep's
 * work (its reads, the rules, the garbage) runs beside the server's event loop instead of on it.
 * The server sends each sweep with its shop and moment and hears back the result.
 *
 * Who writes: with `writesOnServer` (SQLite) the thread only reads, on a read-only connection,
 * and hands each write (the lease, the marks, a chunk's decided plan) to the server's thread,
 * which makes it on its own connection between beats: the file has one write lock, and a beat
 * waiting for another connection's transaction would block the event loop. Otherwise (Postgres,
 * whose connections lock rows) the thread writes itself, and what the sweep tells viewers comes
 * back as notifier calls the server makes.
 *
 * The thread runs at a lower priority than the server's (sweep-thread-boot.mjs): on a busy
 * machine it would otherwise take its share of the cores from the server's thread, whose beats
 * and requests people wait for.
 */
import { parentPort, workerData } from "node:worker_threads";
import pino from "pino";
import type { Clock } from "../../clock.js";
import { isPostgresUrl, openStore, type Store } from "../../store/database.js";
import { type Checkpointer, openCheckpointer } from "../../store/wal-checkpoints.js";
import type { Context } from "../context.js";
import { getShop } from "../shops.js";
import { batchedNotifier } from "./notify-batch.js";
import { sweep } from "./sweep.js";
import type { FromSweepThread, ToSweepThread } from "./sweep-messages.js";
import type { SweepWriteName, SweepWrites } from "./sweep-writes.js";

/** What the server hands the thread when it starts it. */
export interface SweepThreadData {
  url: string;
  /** the thread reads only; the server's thread makes every write (see above) */
  writesOnServer: boolean;
}

const port = parentPort;
if (!port) throw new Error("sweep-thread.ts runs only as a worker thread");
/** what the sweep tells viewers, posted a turn of this thread's loop at a time (notify-batch.ts) */
const { notifier, flush: flushCalls } = batchedNotifier((calls) =>
  port.postMessage({ kind: "notify", calls } satisfies FromSweepThread),
);
/** every other message goes after the calls made before it, so the server hears them in order */
const post = (message: FromSweepThread) => {
  flushCalls();
  port.postMessage(message);
};

/**
 * The caller's clock, carried over: what it said on sending, moving on in real time since. A
 * scripted clock stands still between a test's steps, and a sweep's lease is only ever compared
 * with moments of the same clock, so a few real milliseconds added do no harm.
 */
const carriedClock = (clockNow: number): Clock => {
  const received = performance.now();
  return { now: () => clockNow + Math.round(performance.now() - received) };
};

/** Writes asked of the server's thread, each answered by id. */
const asked = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
let nextWrite = 1;
const ask =
  (name: SweepWriteName) =>
  (...args: unknown[]) =>
    new Promise((resolve, reject) => {
      const id = nextWrite++;
      asked.set(id, { resolve, reject });
      post({ kind: "write", id, name, args });
    });
const writeChunk = ask("writeChunk");
const serverWrites = {
  takeLease: ask("takeLease"),
  releaseLease: ask("releaseLease"),
  mark: ask("mark"),
  clearMark: ask("clearMark"),
  // the log the chunk's commit grew is copied back here, not in a commit of the server's (wal-checkpoints.ts)
  writeChunk: async (...args: unknown[]) => {
    const written = await writeChunk(...args);
    checkpointer?.checkpoint();
    return written;
  },
} as SweepWrites;

/**
 * Viewers per chunk in the thread, where a chunk's reads hold no event loop that serves sockets:
 * a chunk costs about the same statements whatever its size, so fewer, bigger chunks are fewer
 * round trips (on Postgres) and fewer statements built (on both). Its writes are still cut into
 * short transactions where that matters (plan-parts.ts).
 */
export const THREAD_CHUNK = 500;

const { url, writesOnServer } = workerData as SweepThreadData;
// two connections at most (Postgres): the sweep's statements run one at a time, and a lease renewal beside them
let store: Promise<Store> | null = openStore(url, { poolMax: 2, readOnly: writesOnServer, serialStatements: true });
// a store that cannot open fails each sweep asked of it, with its reason, in the server's log
store.catch(() => undefined);
/** on SQLite, while the server writes for the thread, its checkpoints are made here */
let checkpointer: Checkpointer | null = null;
if (writesOnServer && !isPostgresUrl(url)) {
  try {
    checkpointer = openCheckpointer(url);
  } catch {
    // the file is not there yet: the store's opening fails each sweep with its reason
  }
}
let stopping = false;
/** the sweep under way: closing waits for it to end its chunk */
let current: Promise<unknown> = Promise.resolve();
const log = pino({ level: "silent" });

port.on("message", async (message: ToSweepThread) => {
  if (message.kind === "close") {
    stopping = true;
    await current;
    const closing = store;
    store = null;
    await (await closing?.catch(() => null))?.close();
    checkpointer?.close();
    checkpointer = null;
    post({ kind: "closed" });
  } else if (message.kind === "sweep") {
    current = runSweep(message);
  } else if (message.kind === "written") {
    asked.get(message.id)?.resolve(message.value);
    asked.delete(message.id);
  } else if (message.kind === "writeFailed") {
    const error = new Error(message.message);
    if (message.stack) error.stack = message.stack;
    asked.get(message.id)?.reject(error);
    asked.delete(message.id);
  }
});

async function runSweep(message: Extract<ToSweepThread, { kind: "sweep" }>): Promise<void> {
  try {
    if (!store) throw new Error("the sweep thread is closed");
    const opened = await store;
    const ctx: Context = { store: opened, clock: carriedClock(message.clockNow), notifier, log };
    const shop = await getShop(opened.db, message.shopId);
    const options = { chunk: THREAD_CHUNK, ...message.options, stopping: () => stopping };
    const result = shop
      ? await (writesOnServer
          ? sweep(ctx, shop, message.now, options, serverWrites)
          : sweep(ctx, shop, message.now, options))
      : null;
    post({ kind: "swept", id: message.id, result });
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    post({ kind: "failed", id: message.id, message: err.message, ...(err.stack ? { stack: err.stack } : {}) });
  }
}
