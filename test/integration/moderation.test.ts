import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, ServerEvent } from "../../protocol/index.js";
import { joinAsHost, makeTemplate, offerFingerprint, setModeration, startOffer } from "../helpers/offers.js";
import { call, joinRoom, next, startServer, type TestServer, type TestSocket } from "../helpers/server.js";

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
    expect(await call(host, ClientEvent.hostMute, { viewerId: "amy", muted: true })).toEqual({
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

    await call(host, ClientEvent.hostMute, { viewerId: "amy", muted: false });
    expect(await say(amy, "1")).toMatchObject({ ok: true, data: { accepted: true, claim: { result: "won" } } });
  });

  it("stores a mute in the database, not only in memory", async () => {
    await call(host, ClientEvent.hostMute, { viewerId: "bob", muted: true });
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

  it("shows comments as plain text on one line, with the name from the token", async () => {
    const amy = await viewer("amy");
    const bob = await viewer("bob");
    const batch = next(bob, ServerEvent.comments, 3000);
    await say(amy, "<img src=x onerror=alert(1)>\u202e\nnext line");
    expect(await batch).toMatchObject({ sample: [{ name: "amy", text: "<img src=x onerror=alert(1)> next line" }] });
  });
});
