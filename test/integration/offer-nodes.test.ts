import { io } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, HostEvent } from "../../protocol/index.js";
import { type App, createApp } from "../../server/app.js";
import { openStore, type Store } from "../../server/store/database.js";
import { joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { call, joinRoom, startServer, type TestServer, type TestSocket } from "../../support/server.js";

/**
 * Two server nodes over one database, as a scaled-out deployment runs them (without Redis the
 * rooms' sockets are not shared, which these tests do not need): the database says which offers
 * are live, so either node ends an offer on time, and an offer ends, and is drawn, exactly once.
 */
let a: TestServer;
let storeB: Store;
let nodeB: App;
let urlB: string;
const onB: TestSocket[] = [];

beforeEach(async () => {
  a = await startServer();
  storeB = await openStore(a.dbUrl);
  nodeB = await createApp({ store: storeB, clock: a.clock, webhookPollMs: 0, privateWebhooks: true });
  urlB = await nodeB.listen(0);
});
afterEach(async () => {
  for (const socket of onB.splice(0)) socket.disconnect();
  await nodeB.close();
  await storeB.close();
  await a.close();
});

async function joinB(sub: string, role: "viewer" | "host" = "viewer"): Promise<TestSocket> {
  const socket: TestSocket = io(urlB, {
    auth: { room: a.roomId, token: await a.token(sub, { role, name: sub }) },
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
  });
  onB.push(socket);
  await new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(undefined));
    socket.once("connect_error", reject);
  });
  return socket;
}

const desk = (app: App) => app.live.offers;
const say = (socket: TestSocket, text: string) => call(socket, ClientEvent.comment, { text });
const offerOf = (id: string) =>
  a.store.db.selectFrom("offers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const drawsOf = (id: string) => a.store.db.selectFrom("offer_draws").selectAll().where("offer_id", "=", id).execute();
const couponsOf = (id: string) =>
  a.store.db.selectFrom("coupons").select(["viewer_id", "code"]).where("source_ref", "=", id).execute();

describe("offers across two nodes", () => {
  it("takes claims through the node that did not start the offer, and ends and draws it once", async () => {
    const host = await joinAsHost(a);
    const template = await makeTemplate(host, { minSpend: 0 });
    // node B already looked at the room before the offer existed
    const early = await joinB("early");
    expect(await say(early, "1")).toMatchObject({ ok: true, data: { claim: null } });

    const offer = await startOffer(host, template.id, { stock: 2, durationSeconds: 30, mode: "draw" });
    a.clock.advance(1000);
    const entrants = [await joinB("bo"), await joinB("cy"), (await joinRoom(a, await a.token("dee"))).socket, early];
    for (const socket of entrants) {
      expect(await say(socket, "1")).toMatchObject({ ok: true, data: { claim: { result: "entered" } } });
    }

    a.clock.advance(30_000);
    await desk(a.app).expireDue(a.clock.now());
    await desk(nodeB).expireDue(a.clock.now());
    await desk(a.app).expireDue(a.clock.now());
    expect((await offerOf(offer.id)).status).toBe("ended");
    expect(await drawsOf(offer.id)).toHaveLength(1);
    const coupons = await couponsOf(offer.id);
    expect(coupons).toHaveLength(2);
    expect(new Set(coupons.map((c) => c.viewer_id)).size).toBe(2);

    // node B knows the offer is over: its host starts the next one there
    const hostB = await joinB("host-b", "host");
    const next = await call(hostB, HostEvent.offerStart, {
      templateId: template.id,
      stock: 3,
      durationSeconds: 30,
    });
    expect(next).toMatchObject({ ok: true, data: { status: "live" } });
    // and node A, which still held the first offer, refuses a second live one in the room
    const again = await call(host, HostEvent.offerStart, {
      templateId: template.id,
      stock: 3,
      durationSeconds: 30,
    });
    expect(again).toMatchObject({ ok: false, error: { code: "offer_live" } });
  });

  it("ends an offer whose node went away through the node that is left, drawing it once", async () => {
    const host = await joinAsHost(a);
    const template = await makeTemplate(host, { minSpend: 0 });
    const offer = await startOffer(host, template.id, { stock: 1, durationSeconds: 20, mode: "draw" });
    for (const sub of ["eve", "fay"]) {
      const socket = (await joinRoom(a, await a.token(sub))).socket;
      expect(await say(socket, "1")).toMatchObject({ ok: true, data: { claim: { result: "entered" } } });
    }
    // node A stops taking part (its ticks no longer run); node B never saw the offer
    a.app.live.stop();
    a.clock.advance(20_000);
    await desk(nodeB).expireDue(a.clock.now());
    expect((await offerOf(offer.id)).status).toBe("ended");
    expect(await drawsOf(offer.id)).toHaveLength(1);
    expect(await couponsOf(offer.id)).toHaveLength(1);
  });
});
