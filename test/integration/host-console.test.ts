import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, type CouponTemplate, type HostStats, ServerEvent } from "../../protocol/index.js";
import { createTemplateOverApi, shopApi } from "../helpers/commerce.js";
import { expireOffers, joinAsHost, makeTemplate, startOffer } from "../helpers/offers.js";
import { call, joinRoom, startServer, type TestServer, type TestSocket } from "../helpers/server.js";

/** What the host console reads from the server: counts that mean what they say. */
let server: TestServer;
let host: TestSocket;
beforeEach(async () => {
  server = await startServer();
  host = await joinAsHost(server);
});
afterEach(async () => {
  await server.close();
});

const viewer = async (sub: string, name: string | null = sub) =>
  (await joinRoom(server, await server.token(sub, name ? { name } : {}))).socket;
const say = (socket: TestSocket, text: string) => call(socket, ClientEvent.comment, { text });
const stats = async (): Promise<HostStats> => {
  const ack = await call(host, ClientEvent.hostStats, {});
  if (!ack.ok) throw new Error(ack.error.code);
  return ack.data;
};

describe("who the console counts", () => {
  it("viewers now counts viewers and guests in the room, never the host consoles", async () => {
    await joinAsHost(server, "host-2");
    expect((await stats()).viewers).toBe(0);
    await viewer("amy");
    await joinRoom(server);
    expect((await stats()).viewers).toBe(2);
  });

  it("a host saying the keyword calls the deal: it is a comment, not a claim or an entry", async () => {
    const amy = await viewer("amy");
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id, { stock: 5 });
    expect(await say(host, "1")).toEqual({ ok: true, data: { accepted: true, claim: null } });
    expect(await say(amy, "1")).toMatchObject({ ok: true, data: { claim: { result: "won" } } });
    expect((await stats()).offer).toMatchObject({ id: offer.id, claimed: 1, entries: 1 });
    const coupons = await server.store.db.selectFrom("coupons").select("viewer_id").execute();
    expect(coupons).toEqual([{ viewer_id: "amy" }]);
  });
});

describe("the winners list", () => {
  const winnersOf = async (offerId: string, offset = 0) => {
    const ack = await call(host, ClientEvent.hostWinners, { offerId, offset });
    if (!ack.ok) throw new Error(ack.error.code);
    return ack.data;
  };

  it("names this deal's winners only, by name, while claims count them all", async () => {
    const template = await makeTemplate(host);
    const first = await startOffer(host, template.id, { stock: 5, durationSeconds: 10 });
    for (const sub of ["a1", "a2", "a3"]) await say(await viewer(sub), "1");
    server.clock.advance(10_000);
    await expireOffers(server);
    // Bo's token this time carries no name; the shop knows him from an earlier visit
    await viewer("bo", "Bo");
    const second = await startOffer(host, template.id, { stock: 5 });
    await say(await viewer("bo", null), "1");
    await say(await viewer("cy"), "1");
    const now = await stats();
    expect(now.offer).toMatchObject({ id: second.id, claimed: 2 });
    expect(now.winners.map((w) => w.name)).toEqual(["cy", "Bo"]);
    expect((await winnersOf(first.id)).winners.map((w) => w.name)).toEqual(["a1", "a2", "a3"]);
  });

  it("past the newest 50, every winner is reachable a page at a time, in the order they won", async () => {
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id, { stock: 60 });
    const subs = Array.from({ length: 55 }, (_, i) => `fan-${String(i + 1).padStart(2, "0")}`);
    const sockets = await Promise.all(subs.map((sub) => viewer(sub)));
    for (const socket of sockets) await say(socket, "1");
    const now = await stats();
    expect(now.offer?.claimed).toBe(55);
    expect(now.winners).toHaveLength(50);
    expect(now.winners[0]?.name).toBe("fan-55");
    const all = await winnersOf(offer.id);
    expect(all).toMatchObject({ offerId: offer.id, total: 55, offset: 0 });
    expect(all.winners.map((w) => w.name)).toEqual(subs);
    expect((await winnersOf(offer.id, 52)).winners.map((w) => w.name)).toEqual(["fan-53", "fan-54", "fan-55"]);
  });

  it("is the host's to read, for this room's offers only", async () => {
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id);
    const amy = await viewer("amy");
    expect(await call(amy, ClientEvent.hostWinners, { offerId: offer.id })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(await call(host, ClientEvent.hostWinners, { offerId: "ofr_elsewhere" })).toMatchObject({
      ok: false,
      error: { code: "offer_none" },
    });
  });
});

describe("coupon templates on the console", () => {
  /** The next template push that satisfies `done`, within a few pushes' time. */
  const pushedUntil = (done: (templates: CouponTemplate[]) => boolean) =>
    new Promise<CouponTemplate[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no such templates push within 5 s")), 5000);
      const listener = (update: { templates: CouponTemplate[] }) => {
        if (!done(update.templates)) return;
        clearTimeout(timer);
        host.off(ServerEvent.hostTemplates, listener);
        resolve(update.templates);
      };
      host.on(ServerEvent.hostTemplates, listener);
    });
  const issued = (templates: CouponTemplate[], id: string) => templates.find((t) => t.id === id)?.issued;

  it("follow what is issued, by a deal or an exchange, and what is added elsewhere, without a reload", async () => {
    const template = await makeTemplate(host, { pointsCost: 100, perViewerLimit: 5 });
    const amy = await viewer("amy");
    await startOffer(host, template.id, { stock: 5 });
    await say(amy, "1");
    expect(issued(await pushedUntil((t) => issued(t, template.id) === 1), template.id)).toBe(1);

    await shopApi(server, "/v1/viewers/amy/points", { body: { delta: 500, idempotencyKey: "fund-amy" } });
    expect(await call(amy, ClientEvent.exchange, { templateId: template.id })).toMatchObject({ ok: true });
    expect(issued(await pushedUntil((t) => issued(t, template.id) === 2), template.id)).toBe(2);

    const added = await createTemplateOverApi(server, { pointsCost: 300 });
    const list = await pushedUntil((t) => t.some((x) => x.id === added));
    expect(list.map((t) => t.id)).toEqual([template.id, added]);
  });
});
