import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientEvent } from "../../protocol/index.js";
import { createTemplateOverApi, shopApi } from "../../support/commerce.js";
import { call, joinRoom, startServer, type TestServer } from "../../support/server.js";
import { watchFor } from "../../support/watch.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe("one view of a viewer", () => {
  it("the widget's snapshot and the shop's GET /v1/viewers/:id tell the same wallet and coupons", async () => {
    const templateId = await createTemplateOverApi(server, { pointsCost: 100 });
    await shopApi(server, "/v1/viewers/eli/points", { body: { delta: 450, idempotencyKey: "eli-1" } });
    const { socket } = await joinRoom(server, await server.token("eli", { name: "Eli" }));
    await watchFor(server, socket, 600);
    expect(await call(socket, ClientEvent.exchange, { templateId })).toMatchObject({ ok: true });
    const snapshot = await call(socket, ClientEvent.sync, {});
    if (!snapshot.ok) throw new Error(snapshot.error.code);
    const { body } = await shopApi(server, "/v1/viewers/eli");
    expect(body.wallet).toEqual(snapshot.data.wallet);
    expect(body.wallet).toMatchObject({ points: 360, growth: 10 });
    expect(body.coupons).toEqual(snapshot.data.coupons);
    expect(body.watch).toEqual({ totalSeconds: 600, todayPoints: 10 });
    socket.disconnect();
  });
});
