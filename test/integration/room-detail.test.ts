import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostEvent } from "../../protocol/index.js";
import { createRoom, createShop } from "../../server/services/shops.js";
import { shopApi } from "../../support/commerce.js";
import { call, joinRoom, startServer, type TestServer } from "../../support/server.js";
import { addProduct } from "../helpers/products.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

/** What a shop's backend reads of one room: the page it renders shows the featured product from the start. */
describe("GET /v1/rooms/:room", () => {
  it("answers the room with the product featured in it now, and nothing of another shop's room", async () => {
    const path = `/v1/rooms/${server.roomId}`;
    expect((await shopApi(server, path)).body).toMatchObject({ id: server.roomId, live: false, featured: null });

    const product = await addProduct(server, { sku: "scarf-1" });
    const { socket: host } = await joinRoom(server, await server.token("host-1", { role: "host" }));
    expect(await call(host, HostEvent.feature, { sku: product.sku })).toMatchObject({ ok: true });
    expect((await shopApi(server, path)).body.featured).toEqual(product);

    const other = await createShop(server.store.db, { name: "Other" }, server.clock.now());
    const theirs = await createRoom(server.store.db, other.id, { title: "Theirs" }, server.clock.now());
    const refused = await shopApi(server, `/v1/rooms/${theirs.id}`);
    expect(refused.status).toBe(404);
    expect(refused.body.error?.code).toBe("room_not_found");
  });
});
