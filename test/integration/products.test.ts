import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, HostEvent, type Product, ServerEvent } from "../../protocol/index.js";
import { SHELF_SIZE } from "../../server/services/products.js";
import { createShop } from "../../server/services/shops.js";
import type { Dialect } from "../../server/store/database.js";
import { migrateUpTo } from "../../server/store/migrations/index.js";
import { shopApi } from "../../support/commerce.js";
import { joinAsHost } from "../../support/offers.js";
import { freshDatabase } from "../../support/postgres.js";
import { call, joinRoom, next, startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { testPostgresUrl } from "../../support/store.js";
import { addProduct, productInput } from "../helpers/products.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

const catalogue = async () => (await shopApi(server, "/v1/products")).body.products as Product[];

/** Resolves with every event of that name the socket hears within `ms`. */
function heard(socket: TestSocket, event: ServerEventName, ms = 300): Promise<unknown[]> {
  const got: unknown[] = [];
  (socket.on as (e: string, l: (arg: unknown) => void) => void)(event, (arg) => got.push(arg));
  return new Promise((resolve) => setTimeout(() => resolve(got), ms));
}
type ServerEventName = (typeof ServerEvent)[keyof typeof ServerEvent];

describe("the catalogue over the shop API", () => {
  it("creates a product with defaults for what was left out, and answers it back", async () => {
    const { status, body } = await shopApi(server, "/v1/products", {
      body: { sku: "mug-duo", name: { "zh-CN": "陶瓷对杯", en: "Ceramic mug pair" }, price: 5_900 },
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      sku: "mug-duo",
      name: { "zh-CN": "陶瓷对杯", en: "Ceramic mug pair" },
      price: 5_900,
      was: null,
      image: null,
      inStock: true,
      usageDays: null,
    });
    expect((await shopApi(server, "/v1/products/mug-duo")).body).toEqual(body);
  });

  it("refuses a second product with the same sku: 409 product_exists, the first unchanged", async () => {
    const first = await addProduct(server);
    const again = await shopApi(server, "/v1/products", { body: productInput({ price: 1 }) });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe("product_exists");
    expect(await catalogue()).toEqual([first]);
  });

  it("lists the shop's catalogue with products in stock first, then in the order they were added", async () => {
    await addProduct(server, { sku: "a-gone", inStock: false });
    server.clock.advance(1000);
    await addProduct(server, { sku: "b-first" });
    server.clock.advance(1000);
    await addProduct(server, { sku: "c-second" });
    expect((await catalogue()).map((p) => p.sku)).toEqual(["b-first", "c-second", "a-gone"]);
  });

  it("changes only the fields a PUT names, and answers 404 product_not_found for an unknown sku", async () => {
    const serum = await addProduct(server);
    const put = await shopApi(server, "/v1/products/serum-30", {
      method: "PUT",
      body: { price: 19_900, inStock: false },
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ ...serum, price: 19_900, inStock: false });
    expect((await shopApi(server, "/v1/products/serum-30")).body).toEqual(put.body);

    const missing = await shopApi(server, "/v1/products/nothing", { method: "PUT", body: { price: 1 } });
    expect(missing.status).toBe(404);
    expect(missing.body.error?.code).toBe("product_not_found");
    const get = await shopApi(server, "/v1/products/nothing");
    expect(get.status).toBe(404);
    expect(get.body.error?.code).toBe("product_not_found");
  });

  it("refuses what does not fit the contract with bad_request, and changes nothing", async () => {
    const serum = await addProduct(server);
    const bodies: unknown[] = [
      productInput({ sku: "has space" }),
      productInput({ sku: "x".repeat(65) }),
      productInput({ sku: "p2", price: -1 }),
      productInput({ sku: "p2", price: 12.5 }),
      productInput({ sku: "p2", price: 100_000_001 }),
      productInput({ sku: "p2", usageDays: 0 }),
      productInput({ sku: "p2", image: "javascript:alert(1)" }),
      productInput({ sku: "p2", image: "//elsewhere.example/x.png" }),
      { ...productInput({ sku: "p2" }), name: { en: "English only" } },
      { ...productInput({ sku: "p2" }), secret: true },
      {},
    ];
    for (const body of bodies) {
      const res = await shopApi(server, "/v1/products", { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error?.code).toBe("bad_request");
    }
    for (const body of [{ sku: "renamed" }, { price: "cheap" }, { inStock: "yes" }]) {
      const res = await shopApi(server, "/v1/products/serum-30", { method: "PUT", body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(await catalogue()).toEqual([serum]);
  });

  it("needs the shop secret, and shows a shop only its own catalogue", async () => {
    await addProduct(server);
    for (const secret of [null, "sk_wrong"]) {
      expect((await shopApi(server, "/v1/products", { secret })).status).toBe(401);
      expect((await shopApi(server, "/v1/products", { secret, body: productInput({ sku: "p2" }) })).status).toBe(401);
      expect(
        (await shopApi(server, "/v1/products/serum-30", { secret, method: "PUT", body: { price: 1 } })).status,
      ).toBe(401);
    }
    const other = await createShop(server.store.db, { name: "Other shop" }, server.clock.now());
    expect((await shopApi(server, "/v1/products", { secret: other.secret })).body).toEqual({ products: [] });
    expect((await shopApi(server, "/v1/products/serum-30", { secret: other.secret })).status).toBe(404);
    // the other shop may use the same sku for its own product
    const theirs = await shopApi(server, "/v1/products", { secret: other.secret, body: productInput({ price: 100 }) });
    expect(theirs.status).toBe(200);
    expect((await shopApi(server, "/v1/products/serum-30")).body).toMatchObject({ price: 21_900 });
  });

  it("documents the routes in OpenAPI", async () => {
    const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, object> };
    expect(Object.keys(spec.paths["/v1/products"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(spec.paths["/v1/products/{sku}"] ?? {}).sort()).toEqual(["get", "put"]);
  });
});

describe("the host features from the catalogue", () => {
  let host: TestSocket;
  beforeEach(async () => {
    host = await joinAsHost(server);
  });

  it("features a product by sku: the room hears the catalogue product, and a joining viewer gets it in the snapshot", async () => {
    const serum = await addProduct(server);
    const amy = (await joinRoom(server, await server.token("amy"))).socket;
    const pushed = next(amy, ServerEvent.product);
    expect(await call(host, HostEvent.feature, { sku: "serum-30" })).toEqual({
      ok: true,
      data: { product: serum },
    });
    expect(await pushed).toEqual(serum);
    expect((await joinRoom(server)).snapshot.product).toEqual(serum);

    const stopped = next(amy, ServerEvent.product);
    expect(await call(host, HostEvent.feature, { sku: null })).toEqual({ ok: true, data: { product: null } });
    expect(await stopped).toBeNull();
    expect((await joinRoom(server)).snapshot.product).toBeNull();
  });

  it("refuses a sku that is not in the shop's catalogue with product_not_found, and keeps what was featured", async () => {
    const serum = await addProduct(server);
    await call(host, HostEvent.feature, { sku: "serum-30" });
    const other = await createShop(server.store.db, { name: "Other shop" }, server.clock.now());
    await shopApi(server, "/v1/products", { secret: other.secret, body: productInput({ sku: "theirs" }) });
    for (const sku of ["nothing", "theirs"]) {
      expect(await call(host, HostEvent.feature, { sku })).toMatchObject({
        ok: false,
        error: { code: "product_not_found" },
      });
    }
    expect(
      await call(host, HostEvent.feature, { product: { sku: "x", name: "typed", price: 1 } } as never),
    ).toMatchObject({ ok: false, error: { code: "bad_request" } });
    expect((await joinRoom(server)).snapshot.product).toEqual(serum);
  });

  it("sends a featured product's new price and stock to the room when the shop changes it", async () => {
    await addProduct(server);
    await addProduct(server, { sku: "mug-duo" });
    await call(host, HostEvent.feature, { sku: "serum-30" });
    const amy = (await joinRoom(server, await server.token("amy"))).socket;
    const products = heard(amy, ServerEvent.product);
    await shopApi(server, "/v1/products/mug-duo", { method: "PUT", body: { price: 1 } });
    const put = await shopApi(server, "/v1/products/serum-30", {
      method: "PUT",
      body: { price: 9_900, inStock: false },
    });
    expect(await products).toEqual([put.body]);
    expect((await joinRoom(server)).snapshot.product).toMatchObject({ sku: "serum-30", price: 9_900, inStock: false });
  });
});

describe("the shelf", () => {
  it("answers shelf:get with the shop's products, in stock first, to guests and members alike", async () => {
    await addProduct(server, { sku: "gone", inStock: false });
    const tea = await addProduct(server, { sku: "tea" });
    const guest = (await joinRoom(server)).socket;
    const amy = (await joinRoom(server, await server.token("amy"))).socket;
    for (const socket of [guest, amy]) {
      const shelf = await call(socket, ClientEvent.shelf, {});
      if (!shelf.ok) throw new Error(shelf.error.code);
      expect(shelf.data.products.map((p) => p.sku)).toEqual(["tea", "gone"]);
      expect(shelf.data.products[0]).toEqual(tea);
    }
    server.clock.advance(1000);
    expect(await call(amy, ClientEvent.shelf, { all: true } as never)).toMatchObject({
      ok: false,
      error: { code: "bad_request" },
    });
  });

  it("keeps the shelf to SHELF_SIZE products", async () => {
    for (let i = 0; i <= SHELF_SIZE; i++) await addProduct(server, { sku: `p${String(i).padStart(3, "0")}` });
    const shelf = await call((await joinRoom(server)).socket, ClientEvent.shelf, {});
    expect(shelf.ok && shelf.data.products.length).toBe(SHELF_SIZE);
    expect((await catalogue()).length).toBe(SHELF_SIZE + 1);
  });

  it("pushes the catalogue's changes to open drawers only, until they close", async () => {
    await addProduct(server);
    const open = (await joinRoom(server)).socket;
    const closed = (await joinRoom(server)).socket;
    await call(open, ClientEvent.shelf, {});
    const pushed = next(open, ServerEvent.shelf);
    const notPushed = heard(closed, ServerEvent.shelf);
    await addProduct(server, { sku: "tea" });
    expect((await pushed).products.map((p) => p.sku)).toEqual(["serum-30", "tea"]);
    const changed = next(open, ServerEvent.shelf);
    await shopApi(server, "/v1/products/serum-30", { method: "PUT", body: { inStock: false } });
    expect((await changed).products.map((p) => [p.sku, p.inStock])).toEqual([
      ["tea", true],
      ["serum-30", false],
    ]);
    expect(await notPushed).toEqual([]);

    expect(await call(open, ClientEvent.shelfClose, {})).toEqual({ ok: true, data: { closed: true } });
    const afterClose = heard(open, ServerEvent.shelf);
    await shopApi(server, "/v1/products/tea", { method: "PUT", body: { price: 1 } });
    expect(await afterClose).toEqual([]);
  });
});

describe("a new buyer's suggestions", () => {
  it("show a catalogue product's picture and today's price, and leave out what is out of stock", async () => {
    const paidAt = server.clock.now();
    const items = (...skus: string[]) => skus.map((sku) => ({ sku, name: `The ${sku}`, qty: 1, price: 1000 }));
    const order = (orderId: string, viewerId: string, ...skus: string[]) =>
      shopApi(server, "/v1/orders", {
        body: { orderId, viewerId, amount: 1000 * skus.length, items: items(...skus), paidAt },
      });
    await order("s-1", "x1", "tea", "cup", "honey", "spoon");
    await order("s-2", "ida", "tea");
    await addProduct(server, { sku: "honey", price: 1_500, image: "/img/honey.png" });
    await addProduct(server, { sku: "cup", inStock: false });
    const { snapshot } = await joinRoom(server, await server.token("ida"));
    expect(snapshot.card).toEqual({
      kind: "new_buyer",
      suggestions: [
        { sku: "honey", name: "The honey", price: 1_500, image: "/img/honey.png" },
        { sku: "spoon", name: "The spoon", price: 1000, image: null },
      ],
    });
  });
});

describe("migration 0007_products", () => {
  async function legacyDatabase(): Promise<{ db: Kysely<unknown>; dialect: Dialect; drop(): Promise<void> }> {
    const postgres = testPostgresUrl();
    if (postgres) {
      const database = await freshDatabase(postgres, "encore_migration");
      const db = new Kysely<unknown>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }),
      });
      return {
        db,
        dialect: "postgres",
        drop: async () => {
          await db.destroy();
          await database.drop();
        },
      };
    }
    const dir = mkdtempSync(join(tmpdir(), "encore-migration-"));
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(join(dir, "encore.db")) }) });
    return {
      db,
      dialect: "sqlite",
      drop: async () => {
        await db.destroy();
        rmSync(dir, { recursive: true });
      },
    };
  }

  it("turns a product featured by hand into a catalogue product the room keeps featuring", async () => {
    const { db, dialect, drop } = await legacyDatabase();
    try {
      await migrateUpTo(db, dialect, "0006_outbox_retention");
      await sql`insert into shops (id, name, secret, config, created_at) values ('s1', 'Shop', 'sk_1', '{}', 1)`.execute(
        db,
      );
      await sql`insert into rooms (id, shop_id, title, live, created_at) values ('r1', 's1', 'Live', 0, 1)`.execute(db);
      await sql`insert into room_products (room_id, sku, name, price, image, featured_at)
                values ('r1', 'knit', 'Cashmere sweater', 29990, null, 5)`.execute(db);
      await migrateUpTo(db, dialect);
      const products = await sql<Record<string, unknown>>`select * from products`.execute(db);
      expect(products.rows.map((r) => ({ ...r, price: Number(r.price), created_at: Number(r.created_at) }))).toEqual([
        expect.objectContaining({
          shop_id: "s1",
          sku: "knit",
          name: JSON.stringify({ "zh-CN": "Cashmere sweater", en: "Cashmere sweater" }),
          price: 29_990,
          image: null,
          in_stock: 1,
          created_at: 5,
        }),
      ]);
      const featured = await sql<Record<string, unknown>>`select * from room_products`.execute(db);
      expect(featured.rows.map((r) => ({ ...r, featured_at: Number(r.featured_at) }))).toEqual([
        { room_id: "r1", sku: "knit", featured_at: 5 },
      ]);
    } finally {
      await drop();
    }
  });
});
