import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, HostEvent, type OfferStartPayload } from "../../protocol/index.js";
import { COMMAND_LINE } from "../../server/services/audit.js";
import { createTemplate } from "../../server/services/coupons.js";
import { createShop } from "../../server/services/shops.js";
import { expireOffers, joinAsHost, makeTemplate, offerFingerprint, startOffer } from "../../support/offers.js";
import { call, joinRoom, startServer, type TestServer, type TestSocket } from "../../support/server.js";

let server: TestServer;
let host: TestSocket;
let templateId: string;
beforeEach(async () => {
  server = await startServer();
  host = await joinAsHost(server);
  templateId = (await makeTemplate(host)).id;
});
afterEach(async () => {
  await server.close();
});

const say = (socket: TestSocket, text: string) => call(socket, ClientEvent.comment, { text });

describe("offer actions refused with their own code, changing nothing", () => {
  it.each<[string, Partial<OfferStartPayload>, string]>([
    ["stock 0", { stock: 0 }, "stock_invalid"],
    ["negative stock", { stock: -5 }, "stock_invalid"],
    ["absurd stock", { stock: 50_000_000 }, "stock_invalid"],
    ["9 seconds", { durationSeconds: 9 }, "duration_invalid"],
    ["301 seconds", { durationSeconds: 301 }, "duration_invalid"],
    ["a negative duration", { durationSeconds: -60 }, "duration_invalid"],
    ["a tier that does not exist", { minTier: "platinum" }, "bad_request"],
    ["a template that does not exist", { templateId: "tpl_nope" }, "template_not_found"],
    ["a fractional stock", { stock: 1.5 }, "bad_request"],
  ])("refuses %s", async (_name, payload, code) => {
    const before = await offerFingerprint(server);
    const result = await call(host, HostEvent.offerStart, {
      templateId,
      stock: 10,
      durationSeconds: 60,
      ...payload,
    });
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect(await offerFingerprint(server)).toBe(before);
  });

  it("refuses an offer on another shop's template as template_not_found", async () => {
    const other = await createShop(server.store.db, { name: "Other shop" }, server.clock.now());
    const theirs = await createTemplate(
      server.store.db,
      other.id,
      {
        name: { "zh-CN": "别家", en: "Theirs" },
        kind: "amount",
        value: 500,
        minSpend: 0,
        validDays: 7,
        minTier: null,
        stock: null,
        perViewerLimit: 1,
        pointsCost: null,
      },
      other.config,
      server.clock.now(),
      COMMAND_LINE,
    );
    const before = await offerFingerprint(server);
    const result = await call(host, HostEvent.offerStart, {
      templateId: theirs.id,
      stock: 10,
      durationSeconds: 60,
    });
    expect(result).toMatchObject({ ok: false, error: { code: "template_not_found" } });
    expect(await offerFingerprint(server)).toBe(before);
  });

  it("refuses more stock than the template has left", async () => {
    const small = await makeTemplate(host, { stock: 5 });
    const result = await call(host, HostEvent.offerStart, {
      templateId: small.id,
      stock: 6,
      durationSeconds: 60,
    });
    expect(result).toMatchObject({ ok: false, error: { code: "stock_invalid" } });
  });

  it("refuses a second offer while one is live", async () => {
    await startOffer(host, templateId);
    const before = await offerFingerprint(server);
    const result = await call(host, HostEvent.offerStart, { templateId, stock: 10, durationSeconds: 60 });
    expect(result).toMatchObject({ ok: false, error: { code: "offer_live" } });
    expect(await offerFingerprint(server)).toBe(before);
  });

  it("refuses every host action from a viewer token as forbidden", async () => {
    const { socket: viewer } = await joinRoom(server, await server.token("amy"));
    const offer = await startOffer(host, templateId);
    const before = await offerFingerprint(server);
    const attempts = [
      call(viewer, HostEvent.offerStart, { templateId, stock: 10, durationSeconds: 60 }),
      call(viewer, HostEvent.offerStop, { offerId: offer.id }),
      call(viewer, HostEvent.live, { live: true }),
      call(viewer, HostEvent.feature, { sku: null }),
      call(viewer, HostEvent.mute, { viewerId: "bob", muted: true }),
      call(viewer, HostEvent.stats, {}),
      call(viewer, HostEvent.templates, {}),
    ];
    for (const result of await Promise.all(attempts)) {
      expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    expect(await offerFingerprint(server)).toBe(before);
  });

  it("refuses host actions from a guest as guest", async () => {
    const { socket: guest } = await joinRoom(server);
    const result = await call(guest, HostEvent.offerStart, { templateId, stock: 10, durationSeconds: 60 });
    expect(result).toMatchObject({ ok: false, error: { code: "guest" } });
  });
});

describe("claims refused with a reason, changing nothing", () => {
  it("answers a claim after the end with offer_ended", async () => {
    const { socket: amy } = await joinRoom(server, await server.token("amy"));
    await startOffer(host, templateId, { durationSeconds: 10 });
    server.clock.advance(10_000);
    // Due but not yet swept: the claim path checks the time itself.
    const before = await offerFingerprint(server);
    expect(await say(amy, "1")).toMatchObject({
      ok: true,
      data: { claim: { result: "refused", reason: "offer_ended" } },
    });
    await expireOffers(server);
    expect(await say(amy, "1")).toMatchObject({
      ok: true,
      data: { claim: { result: "refused", reason: "offer_ended" } },
    });
    const after = JSON.parse(await offerFingerprint(server)) as unknown[][];
    expect(after[1]).toEqual([]);
    expect(after[3]).toEqual(JSON.parse(before)[3]);
  });

  it("answers a guest's claim with guest and keeps the comment out of the room", async () => {
    const { socket: guest } = await joinRoom(server);
    await startOffer(host, templateId);
    const before = await offerFingerprint(server);
    expect(await say(guest, "1")).toEqual({
      ok: true,
      data: { accepted: false, claim: expect.objectContaining({ result: "refused", reason: "guest" }) },
    });
    expect(await say(guest, "hello")).toMatchObject({ ok: false, error: { code: "guest" } });
    expect(await offerFingerprint(server)).toBe(before);
  });

  it("refuses comments that are empty, too long or not text", async () => {
    const { socket: amy } = await joinRoom(server, await server.token("amy"));
    for (const payload of [{ text: "   " }, { text: "x".repeat(201) }, { text: 1 }, { text: "1", at: 5 }]) {
      const result = await new Promise((resolve) =>
        (amy.emit as unknown as (...a: unknown[]) => void)(ClientEvent.comment, payload, resolve),
      );
      expect(result).toMatchObject({ ok: false, error: { code: "bad_request" } });
    }
  });
});
