import { Worker } from "node:worker_threads";
import { metrics } from "../../ops/metrics.js";
import { holdAutoCheckpoint } from "../../store/wal-checkpoints.js";
import type { Context, Notifier } from "../context.js";
import { DEFAULT_SEND_BATCH, type SweepResult } from "./sweep.js";
import type { FromSweepThread, ThreadSweepOptions, ToSweepThread } from "./sweep-messages.js";
import type { SweepThreadData } from "./sweep-thread.js";
import { localWrites, type SweepWrites } from "./sweep-writes.js";

/** How long a stopping server lets the sweep under way end its chunk before the thread is ended. */
export const SWEEP_STOP_GRACE_MS = 10_000;

/**
 * Whether the thread hands its writes to the server's thread: on SQLite, where one connection
 * writing the file means no beat ever waits for the thread's transactions (docs/benchmarks.md).
 */
export const writesOnServer = (ctx: Pick<Context, "store">) => ctx.store.dialect === "sqlite";

/**
 * The server's side of the sweep thread (sweep-thread.ts): started on the first sweep, one sweep
 * at a time. On SQLite the thread reads and decides, and this side makes its writes on the
 * server's connection, one at a time, so what they tell viewers, count and cache happens here as
 * for a sweep on the loop. On Postgres the thread writes itself: what it tells viewers reaches
 * them through this node's notifier and the ledger entries it wrote are counted in this node's
 * metrics. Its failures reject the sweep, logged by the caller as before. The webhook outbox
 * needs no word: its worker polls the store.
 */
export class SweepWorker {
  private worker: Worker | null = null;
  private next = 1;
  private readonly waiting = new Map<number, { resolve(r: SweepResult | null): void; reject(e: Error): void }>();
  private closed: (() => void) | null = null;
  /** closed by a stopping server: no sweep starts a new thread until it is opened again */
  private ended = false;
  private readonly writesHere: boolean;
  private readonly writes: SweepWrites;
  /** the thread's writes, one after another: a sweep asks for the next only once one is answered */
  private writing: Promise<unknown> = Promise.resolve();
  /** sweeps under way, and how to give the server's connection its automatic checkpoints back */
  private sweeping = 0;
  private restoreCheckpoints: () => void = () => {};

  /** `writesHere`: where the thread's writes are made; by default as `writesOnServer` says for the store */
  constructor(
    private readonly ctx: Context,
    options: { writesHere?: boolean } = {},
  ) {
    this.writesHere = options.writesHere ?? writesOnServer(ctx);
    // a turn of the event loop after every transaction: the thread's plans are the only sweep work left on this loop
    this.writes = localWrites(ctx, { sliceMs: 0, sendBatch: DEFAULT_SEND_BATCH });
  }

  /** One sweep of the shop at `now` in the thread; null when the shop is gone. */
  sweep(shopId: string, now: number, options: ThreadSweepOptions): Promise<SweepResult | null> {
    if (this.ended) return Promise.reject(new Error("the sweep thread is closed"));
    const id = this.next++;
    const answer = new Promise<SweepResult | null>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.holdCheckpoints();
    this.send({ kind: "sweep", id, shopId, now, clockNow: this.ctx.clock.now(), options });
    const settled = answer.finally(() => this.releaseCheckpoints());
    return settled.then((result) => {
      // written here, the entries were counted as they were written
      if (result && !this.writesHere) {
        metrics.ledgerWrites.inc({ reason: "expire" }, result.expired);
        metrics.ledgerWrites.inc({ reason: "tier_window" }, result.downgraded);
      }
      return result;
    });
  }

  /**
   * While the thread sweeps and this thread writes for it, the server's connection makes no
   * checkpoint of its own: the thread checkpoints after each chunk (wal-checkpoints.ts), so
   * copying the log back into the database is never part of a commit a beat waits for.
   */
  private holdCheckpoints(): void {
    if (!this.writesHere) return;
    if (this.sweeping++ === 0) this.restoreCheckpoints = holdAutoCheckpoint(this.ctx.store);
  }

  private releaseCheckpoints(): void {
    if (!this.writesHere) return;
    if (--this.sweeping === 0) this.restoreCheckpoints();
  }

  /** After close(): sweeps start the thread again. */
  open(): void {
    this.ended = false;
  }

  /**
   * Ends the thread: its store closed when it answers within the grace, else the thread is
   * terminated. Either way nothing is half-applied: a transaction not committed is rolled back
   * with its connection, and every write is keyed, so the next sweep does the rest once.
   */
  async close(graceMs = SWEEP_STOP_GRACE_MS): Promise<void> {
    this.ended = true;
    const worker = this.worker;
    if (!worker) return;
    const closed = new Promise<void>((resolve) => {
      this.closed = resolve;
    });
    worker.postMessage({ kind: "close" } satisfies ToSweepThread);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    await worker.terminate();
  }

  private send(message: ToSweepThread): void {
    this.thread().postMessage(message);
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    // the boot file compiles TypeScript in the thread, then runs sweep-thread.ts
    const worker = new Worker(new URL("./sweep-thread-boot.mjs", import.meta.url), {
      workerData: { url: this.ctx.store.url, writesOnServer: this.writesHere } satisfies SweepThreadData,
    });
    worker.on("message", (message: FromSweepThread) => this.receive(message));
    worker.on("error", (error) => {
      this.ctx.log.error({ err: error }, "lifecycle sweep thread failed");
      this.failAll(error);
    });
    worker.on("exit", () => {
      this.worker = null;
      this.failAll(new Error("the sweep thread ended"));
    });
    this.worker = worker;
    return worker;
  }

  private receive(message: FromSweepThread): void {
    if (message.kind === "write") {
      const from = this.worker;
      this.writing = this.writing.then(() => this.write(message, from));
    } else if (message.kind === "notify") {
      for (const { method, args } of message.calls) {
        const call = this.ctx.notifier[method] as (...args: unknown[]) => void;
        call.apply(this.ctx.notifier satisfies Notifier, args);
      }
    } else if (message.kind === "swept") {
      this.waiting.get(message.id)?.resolve(message.result);
      this.waiting.delete(message.id);
    } else if (message.kind === "failed") {
      const error = new Error(message.message);
      if (message.stack) error.stack = message.stack;
      this.waiting.get(message.id)?.reject(error);
      this.waiting.delete(message.id);
    } else if (message.kind === "closed") {
      this.closed?.();
    }
  }

  /** Makes a write the thread asked for and answers it; a thread ended meanwhile hears nothing. */
  private async write(message: Extract<FromSweepThread, { kind: "write" }>, from: Worker | null): Promise<void> {
    const run = this.writes[message.name] as (...args: unknown[]) => Promise<unknown>;
    // a turn of the loop first: beats read in the same poll as this message are answered before the write, not after
    await new Promise<void>((resolve) => setImmediate(resolve));
    let answer: ToSweepThread;
    try {
      answer = { kind: "written", id: message.id, value: await run.apply(this.writes, message.args) };
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      answer = {
        kind: "writeFailed",
        id: message.id,
        message: err.message,
        ...(err.stack ? { stack: err.stack } : {}),
      };
    }
    if (from && from === this.worker) from.postMessage(answer);
  }

  private failAll(error: Error): void {
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}
