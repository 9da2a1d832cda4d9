/**
 * The server side of `bench/lifecycle.ts`, in its own process so its RSS and CPU are its own: a
 * real app (HTTP, sockets, the store) over the seeded database, serving the bulk shop's live
 * room on 127.0.0.1, that runs one sweep of the shop when asked and reports what it did: where a
 * server sweeping on its own runs it (the sweep thread, for a database file or Postgres), or
 * where LIFECYCLE_SWEEP_IN says (`thread`, `loop`). Its first argument is the database (a SQLite
 * file or a Postgres URL).
 */
import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { createApp } from "../server/app.js";
import { systemClock } from "../server/clock.js";
import { verifyStore } from "../server/ops/verify.js";
import { type SweepResult, sweep } from "../server/services/lifecycle/sweep.js";
import { SweepWorker } from "../server/services/lifecycle/sweep-worker.js";
import { getShop } from "../server/services/shops.js";
import { openStore } from "../server/store/database.js";
import { toNumber } from "../server/store/numbers.js";
import { BENCH_SHOP } from "../support/lifecycle-shop.js";
import { sweptIn } from "./lifecycle-swept-in.js";

export interface LifecycleServerReady {
  kind: "ready";
  url: string;
  shopId: string;
  secret: string;
  roomId: string;
}

export interface LifecycleSwept {
  kind: "swept";
  seconds: number;
  /** the server process's CPU time (user + system) over the sweep */
  cpuSeconds: number;
  result: SweepResult;
  rssBeforeMb: number;
  rssPeakMb: number;
}

export interface LifecycleCounts {
  kind: "counts";
  /** touches by status */
  touches: Record<string, number>;
  /** sent touches, and distinct (viewer, key) among them */
  sent: number;
  sentKeys: number;
  /** sent touches that carry a coupon, the distinct codes they carry, and the coupons the automations issued */
  withCoupon: number;
  distinctCodes: number;
  automationCoupons: number;
  /** outbox rows by event */
  outbox: Record<string, number>;
  /** verify's findings: none when the ledger, balances and coupons agree */
  violations: string[];
}

export type LifecycleServerRequest =
  /** a full collection, answered `collected`: asked between the bench's windows, never inside one */
  { kind: "gc" } | { kind: "sweep"; now: number; chunk?: number } | { kind: "counts" } | { kind: "stop" };

export interface LifecycleCollected {
  kind: "collected";
  rssMb: number;
}

const rssMb = () => {
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
  return Number(kb ?? 0) / 1024;
};

async function main(): Promise<void> {
  const url = process.argv[2];
  if (!url) throw new Error("lifecycle-server.ts takes the database to open");
  const store = await openStore(url);
  const shop = await getShop(store.db, BENCH_SHOP);
  if (!shop) throw new Error("no bulk shop in the database: seed it first");
  // no sweep of its own (the bench asks for one), and no webhook deliveries: the outbox is counted
  const app = await createApp({ store, clock: systemClock, sweepEveryMs: 0, webhookPollMs: 0 });
  const listening = await app.listen(0, "127.0.0.1");
  const inProcess = sweptIn(store) === "event loop";
  // LIFECYCLE_SWEEP_WRITES=server|thread: who makes a thread's writes (by default as a server would)
  const writes = process.env.LIFECYCLE_SWEEP_WRITES;
  const thread = new SweepWorker(app.ctx, writes ? { writesHere: writes === "server" } : {});
  const send = (message: LifecycleServerReady | LifecycleSwept | LifecycleCounts | LifecycleCollected) =>
    process.send?.(message);
  // The RSS after the last collection the bench asked for: a sweep's baseline. A collection is
  // never made inside a sweep's request: a full one stops the loop for 50-70 ms, and the beats
  // measured during the sweep would count it as the sweep's.
  let collectedRssMb = rssMb();

  process.on("message", async (request: LifecycleServerRequest) => {
    if (request.kind === "gc") {
      (globalThis as { gc?: () => void }).gc?.();
      collectedRssMb = rssMb();
      send({ kind: "collected", rssMb: collectedRssMb });
    } else if (request.kind === "sweep") {
      const rssBeforeMb = collectedRssMb;
      let rssPeakMb = rssBeforeMb;
      const sampler = setInterval(() => {
        rssPeakMb = Math.max(rssPeakMb, rssMb());
      }, 50);
      const started = performance.now();
      const cpu = process.cpuUsage();
      const options = { holder: "bench", leaseMs: 10 * 60_000, ...(request.chunk ? { chunk: request.chunk } : {}) };
      const result = inProcess
        ? await sweep(app.ctx, shop, request.now, options)
        : await thread.sweep(shop.id, request.now, options);
      if (!result) throw new Error("the bulk shop is gone");
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      clearInterval(sampler);
      rssPeakMb = Math.max(rssPeakMb, rssMb());
      const cpuSeconds = (used.user + used.system) / 1e6;
      send({ kind: "swept", seconds, cpuSeconds, result, rssBeforeMb, rssPeakMb });
    } else if (request.kind === "counts") {
      send(await counts(store));
    } else if (request.kind === "stop") {
      await thread.close();
      await app.close();
      await store.close();
      process.exit(0);
    }
  });
  send({ kind: "ready", url: listening, shopId: shop.id, secret: `sk_bulk_${shop.id}`, roomId: `${shop.id}_live` });
}

async function counts(store: Awaited<ReturnType<typeof openStore>>): Promise<LifecycleCounts> {
  const { db } = store;
  const n = sql<number | string>`count(*)`;
  const byStatus = await db
    .selectFrom("touches")
    .select(["status", n.as("n")])
    .groupBy("status")
    .execute();
  const sent = await db
    .selectFrom("touches")
    .select([
      n.as("sent"),
      sql<number | string>`count(distinct viewer_id || ':' || key)`.as("keys"),
      sql<number | string>`count(coupon_code)`.as("with_coupon"),
      sql<number | string>`count(distinct coupon_code)`.as("codes"),
    ])
    .where("status", "=", "sent")
    .executeTakeFirstOrThrow();
  const coupons = await db
    .selectFrom("coupons")
    .select(n.as("n"))
    .where("source", "=", "automation")
    .executeTakeFirstOrThrow();
  const outbox = await db
    .selectFrom("outbox")
    .select(["event", n.as("n")])
    .groupBy("event")
    .execute();
  const violations = await verifyStore(store);
  return {
    kind: "counts",
    touches: Object.fromEntries(byStatus.map((r) => [r.status, toNumber(r.n)])),
    sent: toNumber(sent.sent),
    sentKeys: toNumber(sent.keys),
    withCoupon: toNumber(sent.with_coupon),
    distinctCodes: toNumber(sent.codes),
    automationCoupons: toNumber(coupons.n),
    outbox: Object.fromEntries(outbox.map((r) => [r.event, toNumber(r.n)])),
    violations: violations.map((v) => `${v.check}: ${v.rows.length}`),
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
