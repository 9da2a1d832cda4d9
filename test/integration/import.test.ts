import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES, type ImportReport, type ViewerResponse } from "../../protocol/index.js";
import { tierIndexFor } from "../../server/domain/tiers.js";
import { verifyStore } from "../../server/ops/verify.js";
import { SILENT_NOTIFIER } from "../../server/services/context.js";
import { IMPORT_BATCH, importOrders } from "../../server/services/import/orders.js";
import { createTemplateOverApi, setRepurchase, shopApi, startReceiver } from "../../support/commerce.js";
import { startServer, type TestServer } from "../../support/server.js";
import { signIn } from "../helpers/admin.js";

const DAY = 86_400_000;

interface FixtureOrder {
  orderId: string;
  viewerId: string;
  amount: number;
  items: { sku: string; qty: number; price: number }[];
  paidAt: number;
}

/** A shop's history: ORDERS orders of a few hundred viewers over two years, written in no particular order. */
function fixture(count: number, viewers: number, now: number): FixtureOrder[] {
  let seed = 7;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  return Array.from({ length: count }, (_, i) => ({
    orderId: `hist-${i}`,
    // a few regulars and many who bought once or twice, so every tier is reached
    viewerId: `fan-${Math.floor(next() ** 3 * viewers)}`,
    amount: 500 + Math.floor(next() * 150_000),
    items: [{ sku: `sku-${i % 40}`, qty: 1, price: 500 }],
    paidAt: now - 730 * DAY + Math.floor(next() * 729 * DAY),
  }));
}

const ndjson = (orders: readonly object[]) => `${orders.map((o) => JSON.stringify(o)).join("\n")}\n`;

async function importOver(
  server: TestServer,
  body: string,
  contentType = "application/x-ndjson",
  authorization: string | null = `Bearer ${server.shop.secret}`,
) {
  const res = await fetch(`${server.url}/v1/import/orders`, {
    method: "POST",
    headers: { "content-type": contentType, ...(authorization ? { authorization } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json()) as ImportReport & { error?: { code: string } } };
}

async function balances(server: TestServer) {
  const rows = await server.store.db
    .selectFrom("viewers")
    .select(["viewer_id", "points", "growth"])
    .where("shop_id", "=", server.shop.id)
    .orderBy("viewer_id")
    .execute();
  const { tiers } = server.shop.config;
  return rows.map((r) => ({ ...r, tier: tiers[tierIndexFor(r.growth, tiers)]?.key }));
}

const wallet = async (server: TestServer, viewerId: string) =>
  ((await shopApi(server, `/v1/viewers/${viewerId}`)).body as unknown as ViewerResponse).wallet;

const countOf = async (server: TestServer, table: "coupons" | "outbox" | "touches") =>
  Number(
    (
      await server.store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** What makes live crediting more than points: a first-order coupon and a webhook endpoint. */
async function withTriggers(server: TestServer): Promise<void> {
  const templateId = await createTemplateOverApi(server, { validDays: 30 });
  await setRepurchase(server, { firstOrderTemplateId: templateId });
  const receiver = await startReceiver();
  const { status } = await shopApi(server, "/v1/webhooks", { method: "PUT", body: { url: receiver.url } });
  expect(status).toBe(200);
  await receiver.close();
}

// Three of the import's batches (2,000 orders each), the last one short: enough to cross batch
// boundaries both ways, where each order reported live over HTTP is what makes the test long.
describe("importing 5,000 past orders", () => {
  const ORDERS = 5_000;
  let live: TestServer;
  let imported: TestServer;
  let orders: FixtureOrder[];

  beforeAll(async () => {
    [live, imported] = await Promise.all([startServer(), startServer()]);
    await Promise.all([withTriggers(live), withTriggers(imported)]);
    orders = fixture(ORDERS, 2000, live.clock.now());
  }, 60_000);
  afterAll(async () => {
    await Promise.all([live?.close(), imported?.close()]);
  });

  it("twice gives the balances and tiers live crediting gives, with no coupon, webhook or touch", async () => {
    // live: each viewer's orders reported in the order they were paid, several viewers at once,
    // over several API keys so the per-credential rate limit is not what is measured
    const keys = [live.shop.secret];
    for (let i = 0; i < 9; i++) {
      const { body } = await shopApi(live, "/v1/api-keys", { body: { name: `backfill ${i}` } });
      keys.push(body.secret as string);
    }
    const byViewer = new Map<string, FixtureOrder[]>();
    for (const order of [...orders].sort((a, b) => a.paidAt - b.paidAt)) {
      byViewer.set(order.viewerId, [...(byViewer.get(order.viewerId) ?? []), order]);
    }
    const queues = [...byViewer.values()];
    let k = 0;
    await Promise.all(
      Array.from({ length: 10 }, async (_, worker) => {
        for (let q = worker; q < queues.length; q += 10) {
          for (const order of queues[q] ?? []) {
            const { status, body } = await shopApi(live, "/v1/orders", {
              body: order,
              secret: keys[k++ % keys.length],
            });
            expect(status, JSON.stringify(body)).toBe(200);
          }
        }
      }),
    );

    expect(ORDERS, "spans more than two import batches").toBeGreaterThan(2 * IMPORT_BATCH);
    const file = ndjson(orders);
    const first = await importOver(imported, file);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ imported: ORDERS, duplicates: 0, refused: [], refusedCount: 0 });
    const again = await importOver(imported, file);
    expect(again.body).toEqual({ imported: 0, duplicates: ORDERS, refused: [], refusedCount: 0 });

    const [liveBalances, importedBalances] = await Promise.all([balances(live), balances(imported)]);
    expect(importedBalances).toEqual(liveBalances);
    expect(new Set(importedBalances.map((b) => b.tier)).size).toBeGreaterThan(2);
    // live crediting did what import must not
    expect(await countOf(live, "coupons")).toBeGreaterThan(0);
    expect(await countOf(live, "outbox")).toBeGreaterThan(0);
    expect(await countOf(imported, "coupons")).toBe(0);
    expect(await countOf(imported, "outbox")).toBe(0);
    expect(await countOf(imported, "touches")).toBe(0);
    const reasons = await imported.store.db.selectFrom("ledger").select("reason").distinct().execute();
    expect(reasons.map((r) => r.reason)).toEqual(["import"]);
    expect(await verifyStore(imported.store)).toEqual([]);
    expect(await verifyStore(live.store)).toEqual([]);

    // the shop's backend reporting an imported order live is a replay: nothing changes
    const before = await balances(imported);
    const replay = await shopApi(imported, "/v1/orders", { body: orders[0] });
    expect(replay.status).toBe(200);
    expect(replay.body.granted).toEqual([]);
    expect(await balances(imported)).toEqual(before);
  }, 600_000);
});

describe("POST /v1/import/orders", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });
  const at = () => server.clock.now() - 100 * DAY;

  it("imports the good lines of a file with broken ones and reports each bad one by its line", async () => {
    const lines = [
      JSON.stringify({ orderId: "b-1", viewerId: "bea", amount: 12_000, paidAt: at() }),
      "{not json",
      JSON.stringify({ orderId: "b-2", viewerId: "bea", amount: -3, paidAt: at() }),
      "",
      JSON.stringify({ orderId: "b-3", viewerId: "newcomer", amount: 5000, discount: 6000, paidAt: at() }),
      JSON.stringify({ orderId: "b-4", viewerId: "bea", amount: 5000, paidAt: at(), coupon: "X" }),
      JSON.stringify({ orderId: "b-5", viewerId: "bea", amount: 30_000, paidAt: at() + DAY }),
      JSON.stringify({ orderId: "b-1", viewerId: "bea", amount: 12_000, paidAt: at() }),
    ];
    const { status, body } = await importOver(server, `${lines.join("\r\n")}\r\n`);
    expect(status).toBe(200);
    expect(body.imported).toBe(2);
    expect(body.duplicates).toBe(1);
    expect(body.refused.map((r) => [r.line, r.code])).toEqual([
      [2, "bad_request"],
      [3, "amount_invalid"],
      [5, "amount_invalid"],
      [6, "bad_request"],
    ]);
    expect(body.refusedCount).toBe(4);
    for (const r of body.refused) expect(r.reason.length).toBeGreaterThan(3);
    // a refused line leaves nothing behind, not even the viewer it named
    const newcomer = await server.store.db
      .selectFrom("viewers")
      .selectAll()
      .where("viewer_id", "=", "newcomer")
      .execute();
    expect(newcomer).toEqual([]);
    expect((await wallet(server, "bea")).growth).toBe(120 + 300);
    expect(await verifyStore(server.store)).toEqual([]);
  });

  it("reads CSV with a header, quoted fields and ISO dates the same as NDJSON", async () => {
    const csv = [
      "orderId,viewerId,amount,paidAt,items",
      `c-1,cai,25000,2024-03-01T10:00:00+08:00,"[{""sku"":""tea-green"",""name"":""Tea, green"",""qty"":2,""price"":12500}]"`,
      "c-2,cai,abc,2024-03-02T10:00:00Z,",
      "c-3,cai,1000",
      `c-4,"cai,5000,2024-03-03T10:00:00Z,`,
      "c-5,cai,5000,1709460000000,",
    ].join("\n");
    const { status, body } = await importOver(server, csv, "text/csv; charset=utf-8");
    expect(status).toBe(200);
    expect(body.imported).toBe(2);
    expect(body.refused.map((r) => r.line)).toEqual([3, 4, 5]);
    const order = await server.store.db
      .selectFrom("orders")
      .selectAll()
      .where("order_id", "=", "c-1")
      .executeTakeFirst();
    expect(order?.paid_at).toBe(Date.parse("2024-03-01T02:00:00Z"));
    const items = await server.store.db.selectFrom("order_items").selectAll().where("order_id", "=", "c-1").execute();
    expect(items.map((i) => [i.sku, i.name])).toEqual([["tea-green", "Tea, green"]]);
  });

  it("refuses a caller without the shop's secret or a session, and a body that is not an import file", async () => {
    const line = ndjson([{ orderId: "a-1", viewerId: "ann", amount: 9900, paidAt: at() }]);
    expect((await importOver(server, line, undefined, null)).body.error?.code).toBe("unauthorized");
    expect((await importOver(server, line, undefined, "Bearer sk_wrong")).status).toBe(401);
    const json = await fetch(`${server.url}/v1/import/orders`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.shop.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ orderId: "a-1", viewerId: "ann", amount: 9900, paidAt: at() }),
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    const ann = await server.store.db.selectFrom("viewers").selectAll().where("viewer_id", "=", "ann").execute();
    expect(ann).toEqual([]);
  });

  it("takes the back office's session, with its CSRF token", async () => {
    const browser = await signIn(server);
    const res = await browser.fetch("/v1/import/orders", {
      method: "POST",
      headers: { "content-type": "application/x-ndjson" },
      body: ndjson([{ orderId: "s-1", viewerId: "sue", amount: 9900, paidAt: at() }]),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as ImportReport).imported).toBe(1);
  });

  it("answers a live order while an import is crediting, between its batches", async () => {
    const history = Array.from({ length: 3000 }, (_, i) => ({
      orderId: `w-${i}`,
      viewerId: `wen-${i % 300}`,
      amount: 5000,
      paidAt: at() + i * 1000,
    }));
    const ctx = { store: server.store, clock: server.clock, log: pino({ level: "silent" }), notifier: SILENT_NOTIFIER };
    const happened: string[] = [];
    let live: Promise<number> | null = null;
    const liveOrder = { orderId: "live-w", viewerId: "wen-live", amount: 9900, items: [], paidAt: server.clock.now() };
    const report = await importOrders(ctx, server.shop, Readable.from([ndjson(history)]), "application/x-ndjson", {
      batchSize: 100,
      onProgress: (p) => {
        if (p.phase !== "crediting" || live) return;
        live = shopApi(server, "/v1/orders", { body: liveOrder }).then((res) => {
          happened.push("live order answered");
          return res.status;
        });
      },
    });
    happened.push("import done");
    expect(await live).toBe(200);
    // better-sqlite3 answers synchronously: an import that never gave the event loop a turn
    // answered the live order only once its last batch was in
    expect(happened).toEqual(["live order answered", "import done"]);
    expect(report).toMatchObject({ imported: 3000, duplicates: 0, refusedCount: 0 });
    expect((await wallet(server, "wen-live")).growth).toBe(99);
    expect(await verifyStore(server.store)).toEqual([]);
  });

  it("refuses an overlong line on its own and goes on", async () => {
    const long = JSON.stringify({ orderId: "l-1", viewerId: "lou", amount: 100, paidAt: at(), x: "y".repeat(70_000) });
    const good = JSON.stringify({ orderId: "l-2", viewerId: "lou", amount: 10_000, paidAt: at() });
    const { body } = await importOver(server, `${long}\n${good}\n`);
    expect(body.imported).toBe(1);
    expect(body.refused).toEqual([{ line: 1, code: "payload_too_large", reason: expect.any(String) }]);
    expect(ERROR_CODES).toContain(body.refused[0]?.code);
  });
});

describe("encore-server import", () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startServer();
    dir = mkdtempSync(join(tmpdir(), "encore-import-cli-"));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ["bin/encore-server.js", "import", ...args, "--db", server.dbUrl], {
      encoding: "utf8",
    });
  const lastReport = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1) as string) as ImportReport;

  it("imports orders from a file, reporting progress as plain lines when not on a terminal", () => {
    const file = join(dir, "orders.ndjson");
    writeFileSync(file, ndjson([{ orderId: "cli-1", viewerId: "cy", amount: 80_000, paidAt: Date.UTC(2024, 0, 5) }]));
    const run = cli("orders", file, "--shop", server.shop.id);
    expect(run.status, run.stderr).toBe(0);
    expect(lastReport(run.stdout)).toEqual({ imported: 1, duplicates: 0, refused: [], refusedCount: 0 });
    expect(run.stderr).toMatch(/crediting 1\/1 · imported 1/);
    expect(run.stderr.includes("\r") || run.stderr.includes("\u001b[")).toBe(false);
    expect(lastReport(cli("orders", file, "--shop", server.shop.id).stdout).duplicates).toBe(1);
  });

  it("brings members over with points, growth and a starting tier, once, as import ledger entries", async () => {
    const file = join(dir, "members.csv");
    writeFileSync(
      file,
      [
        "viewerId,name,birthday,points,growth,tier",
        "mia,Mia,04-05,300,10,gold",
        "max,,,50,900,",
        "mo,,,1,1,platinum",
      ].join("\n"),
    );
    const first = lastReport(cli("viewers", file, "--shop", server.shop.id).stdout);
    expect(first.imported).toBe(2);
    expect(first.refused.map((r) => [r.line, r.code])).toEqual([[4, "bad_request"]]);
    const again = lastReport(cli("viewers", file, "--shop", server.shop.id).stdout);
    expect(again.duplicates).toBe(2);
    const mia = await wallet(server, "mia");
    expect([mia.points, mia.growth, mia.tier.key]).toEqual([300, 2000, "gold"]);
    const max = await wallet(server, "max");
    expect([max.growth, max.tier.key]).toEqual([900, "silver"]);
    const entries = await server.store.db
      .selectFrom("ledger")
      .selectAll()
      .where("viewer_id", "in", ["mia", "max"])
      .execute();
    expect(entries.map((e) => e.reason)).toEqual(["import", "import"]);
    expect(await countOf(server, "outbox")).toBe(0);
    const verify = spawnSync(process.execPath, ["bin/encore-server.js", "verify", "--db", server.dbUrl], {
      encoding: "utf8",
    });
    expect(verify.status, verify.stdout).toBe(0);
  });
});
