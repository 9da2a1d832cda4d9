import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweep } from "../../server/services/lifecycle/sweep.js";
import { localWrites, type SweepWrites } from "../../server/services/lifecycle/sweep-writes.js";
import { getShop } from "../../server/services/shops.js";
import { ensureViewer } from "../../server/store/viewers.js";
import { shopApi } from "../../support/commerce.js";
import { startServer, type TestServer } from "../../support/server.js";
import { DAY_MS, order, setAutomations, touchRows } from "../helpers/lifecycle.js";

/**
 * A chunk's plan is written after its facts were read: by the server after the sweep thread
 * decided it, or after the beats served between slices. A viewer who returned or opted out in
 * between must not get what their old facts asked for; the next sweep decides on the new ones.
 */
describe("a plan written after its viewers' facts changed", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
    await setAutomations(server, { budget: { holdoutPercent: 0, quietHours: null } });
    for (const id of ["silent", "returner", "quitter"])
      await ensureViewer(server.store.db, server.shop.id, id, {}, server.clock.now());
  });
  afterAll(() => server.close());

  const winBacks = async () =>
    (await touchRows(server))
      .filter((t) => t.kind === "win_back")
      .map((t) => ({ viewer: t.viewer_id, status: t.status, reason: t.reason }));

  it("leaves out whoever returned or opted out between the reading and the writing", async () => {
    server.clock.advance(31 * DAY_MS);
    const { ctx } = server.app;
    const local = localWrites(ctx, { sliceMs: 10, sendBatch: 10 });
    // the facts change while the plan, decided on the old ones, is on its way to be written
    const late: SweepWrites = {
      ...local,
      writeChunk: async (shop, plan, now) => {
        server.clock.advance(1000);
        await order(server, "returner", "o-back", [{ sku: "tea", qty: 1, price: 5000 }]);
        const opted = await shopApi(server, "/v1/viewers/quitter/contact", { method: "PUT", body: { optOut: true } });
        expect(opted.status).toBe(200);
        return local.writeChunk(shop, plan, now);
      },
    };
    const shop = await getShop(server.store.db, server.shop.id);
    if (!shop) throw new Error("no shop");
    const result = await sweep(ctx, shop, server.clock.now(), { holder: "test", leaseMs: 60_000 }, late);
    expect(result).toMatchObject({ ran: true, sent: 1, postponed: 2 });
    expect(await winBacks()).toEqual([{ viewer: "silent", status: "sent", reason: null }]);

    // the next sweep reads both as changed: the returner is no longer silent, the quitter is held back
    server.clock.advance(DAY_MS);
    const [next] = await server.app.lifecycle.sweepAll();
    expect(next?.postponed).toBe(0);
    expect(await winBacks()).toEqual([
      { viewer: "quitter", status: "held", reason: "opted_out" },
      { viewer: "silent", status: "sent", reason: null },
    ]);
  });
});
