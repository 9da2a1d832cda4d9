import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientEvent, ServerEvent } from "../../protocol/index.js";
import { addLocalMonths } from "../../server/domain/lifecycle/zoned.js";
import { verifyStore } from "../../server/ops/verify.js";
import type { SweepResult } from "../../server/services/lifecycle/sweep.js";
import { openStore } from "../../server/store/database.js";
import { ensureViewer } from "../../server/store/viewers.js";
import { shopApi } from "../../support/commerce.js";
import { requires } from "../../support/requires.js";
import { call, next, startServer, type TestServer } from "../../support/server.js";
import { createTestStore, testPostgresUrl } from "../../support/store.js";
import { DAY_MS, order, setAutomations, touchRows } from "../helpers/lifecycle.js";

const ZONE = "Asia/Shanghai";

/** The same shop, the same days: win-backs, a points warning and an expiry, an order between. */
async function script(server: TestServer, onSweep?: () => Promise<void>): Promise<SweepResult[]> {
  await setAutomations(server, { pointsExpiry: { enabled: true }, budget: { holdoutPercent: 0 } });
  for (const id of ["silent", "returner", "buyer"])
    await ensureViewer(server.store.db, server.shop.id, id, {}, server.clock.now());
  const gift = await shopApi(server, "/v1/viewers/saver/points", { body: { delta: 500, idempotencyKey: "gift-1" } });
  expect(gift.status).toBe(200);
  await order(server, "buyer", "o-1", [{ sku: "tea", qty: 1, price: 5000 }]);
  const start = server.clock.now();
  const results: SweepResult[] = [];
  const sweepAt = async (at: number) => {
    server.clock.set(at);
    const [result] = await server.app.lifecycle.sweepAll();
    if (result) results.push(result);
  };
  await sweepAt(start + DAY_MS);
  await onSweep?.();
  await sweepAt(start + 30 * DAY_MS);
  await order(server, "returner", "o-2", [{ sku: "tea", qty: 1, price: 5000 }]);
  const deadline = addLocalMonths(start, 12, ZONE);
  await sweepAt(deadline - 30 * DAY_MS);
  await sweepAt(deadline);
  return results;
}

const decided = async (server: TestServer) =>
  (await touchRows(server)).map((r) => ({
    viewer: r.viewer_id,
    kind: r.kind,
    key: r.key,
    status: r.status,
    reason: r.reason,
    coupon: r.coupon_code !== null,
    sentAt: r.sent_at,
  }));

const ledgerOf = async (server: TestServer, viewerId: string) =>
  ((await shopApi(server, `/v1/viewers/${viewerId}/ledger`)).body.entries as { reason: string; delta: number }[]).map(
    (e) => [e.reason, e.delta],
  );

/**
 * A sweep run in the sweep thread (its own connection, the caller's moment) decides and writes
 * exactly what the same sweep decides in the server's own thread, on SQLite and on Postgres; what
 * it tells viewers reaches their sockets through the server.
 */
describe("the sweep thread", () => {
  let inProcess: TestServer;
  let inThread: TestServer;
  beforeAll(async () => {
    inProcess = await startServer();
    inThread = await startServer({ sweepInThread: true });
  });
  afterAll(async () => {
    await inProcess.close();
    await inThread.close();
  });

  it("makes the same touches, ledger entries and results as a sweep in the server's thread", async () => {
    const here = await script(inProcess);
    let pushed: unknown;
    const there = await script(inThread, async () => {
      // a socket of the silent viewer hears of the 30th day's win-back from the thread's sweep
      const socket = await inThread.connect({ token: await inThread.token("silent") });
      pushed = next(socket, ServerEvent.touch, 30_000);
    });
    expect(there).toEqual(here);
    expect(there.reduce((n, r) => n + r.sent, 0)).toBeGreaterThan(0);
    expect(there.reduce((n, r) => n + r.expired, 0)).toBeGreaterThan(0);
    expect(await decided(inThread)).toEqual(await decided(inProcess));
    expect(await ledgerOf(inThread, "saver")).toEqual(await ledgerOf(inProcess, "saver"));
    expect(await pushed).toMatchObject({ kind: "win_back" });
    expect(await verifyStore(inThread.store)).toEqual([]);
  });
});

const SILENT_VIEWERS = 3000;

/** A shop whose 3,000 members all fell silent 40 days ago: each is due for a win-back touch. */
async function silentShop(): Promise<TestServer> {
  const server = await startServer({ sweepInThread: true });
  await setAutomations(server, { budget: { holdoutPercent: 0, quietHours: null } });
  const since = server.clock.now() - 40 * DAY_MS;
  for (let i = 0; i < SILENT_VIEWERS; i += 500)
    await server.store.db
      .insertInto("viewers")
      .values(
        Array.from({ length: 500 }, (_, n) => ({
          shop_id: server.shop.id,
          viewer_id: `w${String(i + n).padStart(5, "0")}`,
          name: null,
          birthday: null,
          points: 0,
          growth: 0,
          created_at: since,
        })),
      )
      .execute();
  return server;
}

const sentCount = async (server: TestServer) =>
  Number(
    (
      await server.store.db
        .selectFrom("touches")
        .select(sql<number>`count(*)`.as("n"))
        .where("status", "=", "sent")
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Resolves once the thread's sweep has sent some of its touches. */
async function someSent(server: TestServer): Promise<void> {
  for (let i = 0; i < 3000 && (await sentCount(server)) === 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(await sentCount(server)).toBeGreaterThan(0);
}

describe("beats during a sweep in the thread", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await silentShop();
  });
  afterAll(() => server.close());

  it("answers and records a beat while the thread's sweep is still writing touches", async () => {
    const socket = await server.connect({ room: server.roomId, token: await server.token("watcher") });
    let swept = false;
    const sweeping = server.app.lifecycle.sweepAll().then((results) => {
      swept = true;
      return results;
    });
    await someSent(server);
    const beat = await call(socket, ClientEvent.beat, { playing: true, visible: true });
    expect(beat.ok).toBe(true);
    expect(swept).toBe(false);
    // on SQLite the server's commits copy no log back while the thread sweeps: the thread checkpoints
    const autoCheckpoint = () =>
      server.store.native.dialect === "sqlite"
        ? server.store.native.database.pragma("wal_autocheckpoint", { simple: true })
        : null;
    const sqlite = server.store.native.dialect === "sqlite";
    expect(autoCheckpoint()).toBe(sqlite ? 0 : null);
    const [result] = await sweeping;
    expect(result?.sent).toBe(SILENT_VIEWERS);
    expect(autoCheckpoint()).toBe(sqlite ? 1000 : null);
    const watched = await server.store.db
      .selectFrom("viewers")
      .select("viewer_id")
      .where("shop_id", "=", server.shop.id)
      .where("viewer_id", "=", "watcher")
      .execute();
    expect(watched).toHaveLength(1);
  });
});

describe("a server stopping during a sweep in the thread", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await silentShop();
  });
  afterAll(() => server.close());

  it("ends the sweep at a chunk, and after a restart each touch is sent once", async () => {
    const sweeping = server.app.lifecycle.sweepAll().catch((error: Error) => error);
    await someSent(server);
    await server.stop();
    const stopped = await sweeping;
    // ended at a chunk's end (a result) or with the thread (an error); either way the rest is left
    if (!(stopped instanceof Error)) expect(stopped[0]?.sent ?? 0).toBeLessThan(SILENT_VIEWERS);
    await server.restart();
    const partial = await sentCount(server);
    expect(partial).toBeLessThan(SILENT_VIEWERS);
    await server.app.lifecycle.sweepAll();
    const rows = await server.store.db
      .selectFrom("touches")
      .select([sql<number>`count(*)`.as("n"), sql<number>`count(distinct viewer_id || ':' || key)`.as("keys")])
      .where("status", "=", "sent")
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(SILENT_VIEWERS);
    expect(Number(rows.keys)).toBe(SILENT_VIEWERS);
    expect(await verifyStore(server.store)).toEqual([]);
  });
});

describe.skipIf(!requires("postgres") || !testPostgresUrl())("the sweep thread's Postgres connections", () => {
  it("start no parallel workers: each would be another process on the cores the beats need", async () => {
    const test = await createTestStore();
    const serial = await openStore(test.url, { poolMax: 1, serialStatements: true });
    try {
      const setting = async (db: typeof serial.db) =>
        (await sql<{ value: string }>`select current_setting('max_parallel_workers_per_gather') as value`.execute(db))
          .rows[0]?.value;
      expect(await setting(serial.db)).toBe("0");
      // the server's own connections keep the database's setting
      expect(await setting(test.store.db)).not.toBe("0");
    } finally {
      await serial.close();
      await test.store.close();
      await test.dispose();
    }
  });
});
