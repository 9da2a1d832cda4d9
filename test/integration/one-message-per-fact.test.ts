import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientEvent, ServerEvent, type ServerToClientEvents } from "../../protocol/index.js";
import { createTemplateOverApi, shopApi } from "../../support/commerce.js";
import { expireOffers, joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { call, joinRoom, next, startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { watchFor } from "../../support/watch.js";

/**
 * Each fact reaches each client once: the socket that asked reads it in its ack, the viewer's
 * other sockets (tabs, devices) in a push. A socket's own round trip after the action is the
 * marker: everything the server sent that socket before it has arrived by then.
 */
let server: TestServer;
let host: TestSocket;
beforeAll(async () => {
  server = await startServer();
  host = await joinAsHost(server);
});
afterAll(async () => {
  host.disconnect();
  await server.close();
});

function record(socket: TestSocket, events: (keyof ServerToClientEvents)[]) {
  const heard: string[] = [];
  for (const event of events) socket.on(event, () => heard.push(event));
  return heard;
}
const roundTrip = (socket: TestSocket) => call(socket, ClientEvent.sync, {});
const viewer = async (sub: string) => (await joinRoom(server, await server.token(sub, { name: sub }))).socket;

describe("each fact reaches a client once", () => {
  it("a deal's coupon: in the claim's ack for the claimant, in one offer result for the viewer's other socket", async () => {
    const [tab, phone] = [await viewer("ann"), await viewer("ann")];
    const offer = await startOffer(host, (await makeTemplate(host)).id, { stock: 1 });
    const onTab = record(tab, [ServerEvent.coupon, ServerEvent.offerResult]);
    const onPhone = record(phone, [ServerEvent.coupon, ServerEvent.offerResult]);
    const result = await call(tab, ClientEvent.comment, { text: "1" });
    expect(result).toMatchObject({ ok: true, data: { claim: { offerId: offer.id, result: "won" } } });
    await roundTrip(tab);
    await roundTrip(phone);
    expect(onTab).toEqual([]);
    expect(onPhone).toEqual([ServerEvent.offerResult]);
    tab.disconnect();
    phone.disconnect();
  });

  it("a lucky bag's coupon: one offer result per socket of each winner", async () => {
    const [tab, phone] = [await viewer("bea"), await viewer("bea")];
    const offer = await startOffer(host, (await makeTemplate(host)).id, {
      stock: 1,
      mode: "draw",
      durationSeconds: 10,
    });
    expect(await call(tab, ClientEvent.comment, { text: "1" })).toMatchObject({
      ok: true,
      data: { claim: { result: "entered" } },
    });
    const onTab = record(tab, [ServerEvent.coupon, ServerEvent.offerResult]);
    const onPhone = record(phone, [ServerEvent.coupon, ServerEvent.offerResult]);
    const won = next(tab, ServerEvent.offerResult);
    server.clock.advance(10_000);
    await expireOffers(server);
    expect(await won).toMatchObject({ offerId: offer.id, result: "won", coupon: { source: "deal" } });
    await roundTrip(tab);
    await roundTrip(phone);
    expect(onTab).toEqual([ServerEvent.offerResult]);
    expect(onPhone).toEqual([ServerEvent.offerResult]);
    tab.disconnect();
    phone.disconnect();
  });

  it("the watch status: in the beat's ack for the beating socket, pushed to the viewer's other socket", async () => {
    const [tab, phone] = [await viewer("cai"), await viewer("cai")];
    const onTab = record(tab, [ServerEvent.watch]);
    const onPhone = record(phone, [ServerEvent.watch]);
    expect(await call(tab, ClientEvent.beat, { playing: true, visible: true })).toMatchObject({ ok: true });
    server.clock.advance(30_000);
    const beat = await call(tab, ClientEvent.beat, { playing: true, visible: true });
    expect(beat).toMatchObject({ ok: true, data: { creditedSeconds: 30 } });
    await roundTrip(tab);
    await roundTrip(phone);
    expect(onTab).toEqual([]);
    expect(onPhone).toEqual([ServerEvent.watch]);
    tab.disconnect();
    phone.disconnect();
  });

  it("an exchanged coupon: in the exchange's ack for the asking socket, pushed to the viewer's other socket", async () => {
    const templateId = await createTemplateOverApi(server, { pointsCost: 100 });
    await shopApi(server, "/v1/viewers/dan/points", { body: { delta: 500, idempotencyKey: "dan-1" } });
    const [tab, phone] = [await viewer("dan"), await viewer("dan")];
    const onTab = record(tab, [ServerEvent.coupon]);
    const onPhone = record(phone, [ServerEvent.coupon]);
    const result = await call(tab, ClientEvent.exchange, { templateId });
    expect(result).toMatchObject({ ok: true, data: { coupon: { source: "exchange" } } });
    await roundTrip(tab);
    await roundTrip(phone);
    expect(onTab).toEqual([]);
    expect(onPhone).toEqual([ServerEvent.coupon]);
    tab.disconnect();
    phone.disconnect();
  });

  it("a chest's points: in the claim's ack for the claimant, one wallet push and one chest push for the other socket", async () => {
    const [tab, phone] = [await viewer("eve"), await viewer("eve")];
    const appeared = next(tab, ServerEvent.chest, 5000);
    await watchFor(server, tab, 15 * 60, 30);
    const chest = await appeared;
    if (!chest) throw new Error("no chest appeared");
    await roundTrip(phone);
    const onTab = record(tab, [ServerEvent.wallet, ServerEvent.chest]);
    const onPhone = record(phone, [ServerEvent.wallet, ServerEvent.chest]);
    const pushed = next(phone, ServerEvent.wallet);
    const result = await call(tab, ClientEvent.chestClaim, { chestId: chest.id });
    expect(result).toMatchObject({ ok: true, data: { wallet: { points: 15 }, delta: 5, reason: "chest" } });
    expect(await pushed).toMatchObject({ wallet: { points: 15 }, delta: 5, reason: "chest" });
    await roundTrip(tab);
    await roundTrip(phone);
    expect(onTab).toEqual([]);
    expect(onPhone).toEqual([ServerEvent.wallet, ServerEvent.chest]);
    tab.disconnect();
    phone.disconnect();
  });

  it("an exchange's cost: in the exchange's ack for the asking socket, one wallet push for the other socket", async () => {
    const templateId = await createTemplateOverApi(server, { pointsCost: 100 });
    await shopApi(server, "/v1/viewers/fay/points", { body: { delta: 500, idempotencyKey: "fay-1" } });
    const [tab, phone] = [await viewer("fay"), await viewer("fay")];
    const onTab = record(tab, [ServerEvent.wallet]);
    const onPhone = record(phone, [ServerEvent.wallet]);
    const pushed = next(phone, ServerEvent.wallet);
    const result = await call(tab, ClientEvent.exchange, { templateId });
    expect(result).toMatchObject({ ok: true, data: { wallet: { points: 400 }, delta: -100, reason: "exchange" } });
    expect(await pushed).toMatchObject({ wallet: { points: 400 }, delta: -100, reason: "exchange" });
    await roundTrip(tab);
    await roundTrip(phone);
    expect(onTab).toEqual([]);
    expect(onPhone).toEqual([ServerEvent.wallet]);
    tab.disconnect();
    phone.disconnect();
  });

  it("a change nobody asked for over a socket reaches every socket of the viewer", async () => {
    const [tab, phone] = [await viewer("gus"), await viewer("gus")];
    const onTab = record(tab, [ServerEvent.wallet]);
    const onPhone = record(phone, [ServerEvent.wallet]);
    await shopApi(server, "/v1/viewers/gus/points", { body: { delta: 50, idempotencyKey: "gus-1" } });
    await roundTrip(tab);
    await roundTrip(phone);
    expect(onTab).toEqual([ServerEvent.wallet]);
    expect(onPhone).toEqual([ServerEvent.wallet]);
    tab.disconnect();
    phone.disconnect();
  });
});
