/**
 * Orders through the shop API and webhooks out of the outbox, on a temp SQLite file:
 * prints orders per second with latency percentiles, and deliveries per second to a local
 * receiver, then writes the figures to bench/results/orders.json.
 *
 *   npx tsx bench/orders.ts [orders=1000] [concurrency=8]
 * (the API allows one credential 1,200 requests a minute, so keep orders below that)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createApp } from "../server/app.js";
import { systemClock } from "../server/clock.js";
import { COMMAND_LINE } from "../server/services/audit.js";
import { createTemplate } from "../server/services/coupons.js";
import { createShop, saveConfig } from "../server/services/shops.js";
import { setEndpoint } from "../server/services/webhooks.js";
import { openStore } from "../server/store/database.js";

const total = Number(process.argv[2] ?? 1000);
const concurrency = Number(process.argv[3] ?? 8);
const viewers = Math.max(1, Math.floor(total / 4));

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const round = (n: number) => Math.round(n * 100) / 100;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "encore-bench-"));
  const store = await openStore(join(dir, "bench.db"));
  let received = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received++;
      res.end("ok");
    });
  });
  await new Promise<void>((done) => receiver.listen(0, "127.0.0.1", done));
  const address = receiver.address();
  const port = typeof address === "object" && address ? address.port : 0;
  try {
    const now = Date.now();
    const shop = await createShop(store.db, { name: "Bench" }, now);
    const first = await createTemplate(
      store.db,
      shop.id,
      {
        name: { "zh-CN": "复购券", en: "Come back" },
        kind: "amount",
        value: 1000,
        minSpend: 0,
        validDays: 30,
        minTier: null,
        stock: null,
        perViewerLimit: 1,
        pointsCost: null,
      },
      shop.config,
      now,
      COMMAND_LINE,
    );
    await saveConfig(store.db, shop.id, {
      ...shop.config,
      repurchase: { ...shop.config.repurchase, firstOrderTemplateId: first.id },
    });
    // the receiver is on this machine: allowed for the benchmark, as in development
    await setEndpoint(store.db, shop.id, { url: `http://127.0.0.1:${port}/hooks` }, now, { allowPrivate: true });
    const app = await createApp({ store, clock: systemClock, webhookPollMs: 0, privateWebhooks: true });
    const url = await app.listen(0);

    const latencies: number[] = [];
    let nextOrder = 0;
    const started = performance.now();
    const worker = async () => {
      while (nextOrder < total) {
        const i = nextOrder++;
        const t0 = performance.now();
        const res = await fetch(`${url}/v1/orders`, {
          method: "POST",
          headers: { authorization: `Bearer ${shop.secret}`, "content-type": "application/json" },
          body: JSON.stringify({
            orderId: `bench-${i}`,
            viewerId: `v${i % viewers}`,
            amount: 12_900,
            items: [{ sku: `sku-${i % 50}`, qty: 1, price: 12_900 }],
            paidAt: Date.now(),
          }),
        });
        if (res.status !== 200) throw new Error(`order ${i}: ${res.status} ${await res.text()}`);
        latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const orderSeconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);

    const pending = await store.db
      .selectFrom("outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("delivered_at", "is", null)
      .executeTakeFirstOrThrow();
    const deliverStart = performance.now();
    let delivered = 0;
    for (;;) {
      const n = await app.webhooks.deliverDue();
      if (n === 0) break;
      delivered += n;
    }
    const deliverSeconds = (performance.now() - deliverStart) / 1000;
    await app.close();

    const figures = {
      orders: total,
      concurrency,
      viewers,
      ordersPerSecond: round(total / orderSeconds),
      latencyMs: {
        p50: round(percentile(latencies, 0.5)),
        p95: round(percentile(latencies, 0.95)),
        p99: round(percentile(latencies, 0.99)),
      },
      webhooksWritten: Number(pending.n),
      webhooksDelivered: delivered,
      receiverGot: received,
      deliveriesPerSecond: round(delivered / deliverSeconds),
      node: process.version,
      at: new Date().toISOString(),
    };
    console.log(
      `orders: ${total} in ${round(orderSeconds)} s → ${figures.ordersPerSecond}/s ` +
        `(p50 ${figures.latencyMs.p50} ms, p95 ${figures.latencyMs.p95} ms, p99 ${figures.latencyMs.p99} ms, ${concurrency} at a time)`,
    );
    console.log(
      `webhooks: ${delivered} of ${figures.webhooksWritten} delivered in ${round(deliverSeconds)} s → ${figures.deliveriesPerSecond}/s`,
    );
    mkdirSync("bench/results", { recursive: true });
    writeFileSync("bench/results/orders.json", `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    receiver.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
