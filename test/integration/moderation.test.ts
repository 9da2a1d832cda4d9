import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, HostEvent, ServerEvent } from "../../protocol/index.js";
import { joinAsHost, makeTemplate, offerFingerprint, setModeration, startOffer } from "../../support/offers.js";
import { call, joinRoom, next, startServer, type TestServer, type TestSocket } from "../../support/server.js";

let server: TestServer;
let host: TestSocket;
beforeEach(async () => {
  server = await startServer();
  host = await joinAsHost(server);
});
afterEach(async () => {
  await server.close();
});

const viewer = async (sub: string) => (await joinRoom(server, await server.token(sub, { name: sub }))).socket;
const say = (socket: TestSocket, text: string) => call(socket, ClientEvent.comment, { text });

describe("moderation", () => {
  it("refuses a muted viewer's comments with muted and their claims with reason muted, until unmuted", async () => {
    const amy = await viewer("amy");
    const template = await makeTemplate(host);
    await startOffer(host, template.id);
    expect(await call(host, HostEvent.mute, { viewerId: "amy", muted: true })).toEqual({
      ok: true,
      data: { viewerId: "amy", muted: true },
    });
    const before = await offerFingerprint(server);
    expect(await say(amy, "hello")).toMatchObject({ ok: false, error: { code: "muted" } });
    expect(await say(amy, "1")).toMatchObject({
      ok: true,
      data: { accepted: false, claim: { result: "refused", reason: "muted" } },
    });
    const after = JSON.parse(await offerFingerprint(server)) as unknown[][];
    expect(after.filter((_, i) => i !== 5)).toEqual((JSON.parse(before) as unknown[][]).filter((_, i) => i !== 5));

    await call(host, HostEvent.mute, { viewerId: "amy", muted: false });
    expect(await say(amy, "1")).toMatchObject({ ok: true, data: { accepted: true, claim: { result: "won" } } });
  });

  it("stores a mute in the database, not only in memory", async () => {
    await call(host, HostEvent.mute, { viewerId: "bob", muted: true });
    const rows = await server.store.db.selectFrom("mutes").selectAll().execute();
    expect(rows).toMatchObject([{ shop_id: server.shop.id, viewer_id: "bob" }]);
  });

  it("refuses comments with a blocked word, in any case or width, and they never reach the room", async () => {
    await setModeration(server, { blockedWords: ["spam", "加微信"], commentsPerMinute: 20 });
    const amy = await viewer("amy");
    const bob = await viewer("bob");
    for (const text of ["buy SPAM here", "ｓｐａｍ", "快加微信"]) {
      expect(await say(amy, text)).toMatchObject({ ok: false, error: { code: "comment_blocked" } });
    }
    const batch = next(bob, ServerEvent.comments, 3000);
    await say(amy, "lovely colour");
    expect(await batch).toMatchObject({ count: 1, sample: [{ text: "lovely colour" }] });
  });

  it("limits each viewer's comment pace across their sockets, and lets them speak again later", async () => {
    await setModeration(server, { blockedWords: [], commentsPerMinute: 6 });
    const amy = await viewer("amy");
    const amyPhone = await viewer("amy");
    const bob = await viewer("bob");
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await say(i % 2 ? amyPhone : amy, `hi ${i}`));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results[5]).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    expect(await say(bob, "hi")).toMatchObject({ ok: true });
    server.clock.advance(10_000);
    expect(await say(amy, "back again")).toMatchObject({ ok: true, data: { accepted: true } });
  });

  it("takes the live offer's keyword as a claim even after the viewer's comment pace ran out", async () => {
    const template = await makeTemplate(host);
    await startOffer(host, template.id, { stock: 5 });
    const amy = await viewer("amy");
    // 25 quick comments: more than the comment pace and the socket's burst allow
    const chatter = [];
    for (let i = 0; i < 25; i++) chatter.push(await say(amy, `so pretty ${i}`));
    expect(chatter.some((r) => !r.ok && r.error.code === "rate_limited")).toBe(true);
    const taps = [];
    for (let i = 0; i < 6; i++) taps.push(await say(amy, "1"));
    expect(taps[0]).toMatchObject({ ok: true, data: { claim: { result: "won" } } });
    for (const tap of taps.slice(1)) {
      expect(tap).toMatchObject({ ok: true, data: { claim: { result: "refused", reason: "already_claimed" } } });
    }
    // a guest's taps are answered too, with why they cannot claim
    const guest = (await joinRoom(server)).socket;
    for (let i = 0; i < 25; i++) await say(guest, `hello ${i}`);
    expect(await say(guest, "1")).toMatchObject({
      ok: true,
      data: { claim: { result: "refused", reason: "guest" } },
    });
  });

  it("bounds a flood of claims separately: it is refused rate_limited, and the viewer still won once", async () => {
    const template = await makeTemplate(host);
    await startOffer(host, template.id, { stock: 5 });
    const bob = await viewer("bob");
    const flood = await Promise.all(Array.from({ length: 200 }, () => say(bob, "1")));
    const limited = flood.filter((r) => !r.ok && r.error.code === "rate_limited").length;
    expect(limited).toBeGreaterThan(0);
    expect(flood.filter((r) => r.ok && r.data.claim?.result === "won")).toHaveLength(1);
    const wins = await server.store.db
      .selectFrom("offer_entries")
      .select("viewer_id")
      .where("viewer_id", "=", "bob")
      .where("won", "=", 1)
      .execute();
    expect(wins).toHaveLength(1);
    // a claim pace that ran out fills again, and a plain comment still has its own pace
    server.clock.advance(10_000);
    expect(await say(bob, "1")).toMatchObject({ ok: true, data: { claim: { reason: "already_claimed" } } });
    expect(await say(bob, "congrats all")).toMatchObject({ ok: true, data: { accepted: true } });
  });

  it("shows comments as plain text on one line, with the name from the token", async () => {
    const amy = await viewer("amy");
    const bob = await viewer("bob");
    const batch = next(bob, ServerEvent.comments, 3000);
    await say(amy, "<img src=x onerror=alert(1)>\u202e\nnext line");
    expect(await batch).toMatchObject({ sample: [{ name: "amy", text: "<img src=x onerror=alert(1)> next line" }] });
  });
});
