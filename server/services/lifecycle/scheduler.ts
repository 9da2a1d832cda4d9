import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Store } from "../../store/database.js";
import { listShopIds } from "../../store/shops.js";
import type { Context } from "../context.js";
import { getShop } from "../shops.js";
import { type SweepResult, sweep } from "./sweep.js";
import { SweepWorker } from "./sweep-worker.js";

export interface SchedulerOptions {
  /** real milliseconds between sweeps; 0 runs none on its own (tests call `sweepAll()`) */
  everyMs: number;
  /** how long a node's hold on a shop's sweep lasts without renewal: how soon another takes over after a crash */
  leaseMs: number;
  chunk?: number;
  /**
   * Sweep in a worker thread with its own store connection (sweep-worker.ts), off the event loop
   * that serves the sockets; otherwise in this thread (tests, an in-memory database).
   */
  inThread?: boolean;
}

/**
 * A server sweeping on its own sweeps in the thread on both databases: on Postgres the thread
 * writes itself (its connections lock rows, not the database); on SQLite it reads and decides and
 * the server's thread writes, a few viewers to a transaction. At a million members a sweep on the
 * loop held beats for half a second (its candidate reads are single statements over the shop),
 * while the thread's cost is booting it once, about a second of CPU compiling the server's
 * modules (docs/benchmarks.md, "A million members swept").
 */
export const sweepsInThread = (store: Pick<Store, "url">) => store.url !== ":memory:";

export const DEFAULT_SWEEP_EVERY_MS = 15 * 60_000;
export const DEFAULT_SWEEP_LEASE_MS = 2 * 60_000;

/**
 * Runs the automations of every shop: once at start and then every `everyMs`, a sweep at a
 * time, each shop leased so one node sweeps it. Time inside a sweep is the injected clock's.
 */
export class LifecycleScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SweepResult[]> | null = null;
  private stopped = false;
  /** this node, for the leases */
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  private readonly thread: SweepWorker | null;

  constructor(
    private readonly ctx: Context,
    private readonly options: SchedulerOptions,
  ) {
    this.thread = options.inThread && ctx.store.url !== ":memory:" ? new SweepWorker(ctx) : null;
  }

  start(): void {
    if (this.timer || this.options.everyMs <= 0) return;
    this.stopped = false;
    this.thread?.open();
    const run = () => {
      this.sweepAll().catch((error: unknown) => this.ctx.log.error({ err: error }, "lifecycle sweep failed"));
    };
    this.timer = setInterval(run, this.options.everyMs);
    this.timer.unref();
    run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // the thread's sweep ends at its next chunk; a thread that does not is ended after a grace
    await this.thread?.close();
    await this.running?.catch(() => undefined);
  }

  /** Sweeps every shop once at the clock's now; a call during a sweep waits for it and runs again. */
  sweepAll(): Promise<SweepResult[]> {
    if (this.running) return this.running.then(() => this.sweepAll());
    this.running = this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<SweepResult[]> {
    const { db } = this.ctx.store;
    const results: SweepResult[] = [];
    for (const id of await listShopIds(db)) {
      if (this.stopped && this.options.everyMs > 0) break;
      const options = {
        holder: this.holder,
        leaseMs: this.options.leaseMs,
        ...(this.options.chunk ? { chunk: this.options.chunk } : {}),
      };
      if (this.thread) {
        const result = await this.thread.sweep(id, this.ctx.clock.now(), options);
        if (result) results.push(result);
        continue;
      }
      const shop = await getShop(db, id);
      if (!shop) continue;
      results.push(await sweep(this.ctx, shop, this.ctx.clock.now(), { ...options, stopping: () => this.stopped }));
    }
    return results;
  }
}
