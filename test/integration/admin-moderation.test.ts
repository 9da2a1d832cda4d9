import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientEvent, HostEvent, type MuteView } from "../../protocol/index.js";
import { createShop } from "../../server/services/shops.js";
import { shopApi } from "../../support/commerce.js";
import { joinAsHost } from "../../support/offers.js";
import { call, joinRoom, startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { type AdminBrowser, printLink, signIn } from "../helpers/admin.js";

let server: TestServer;
let browser: AdminBrowser;
let host: TestSocket;
beforeEach(async () => {
  server = await startServer();
  browser = await signIn(server);
  host = await joinAsHost(server);
});
afterEach(async () => {
  await server.close();
});

type ErrorBody = { error: { code: string; fields?: { path: string }[] } };

const viewer = async (sub: string) => (await joinRoom(server, await server.token(sub, { name: sub }))).socket;
const say = (socket: TestSocket, text: string) => call(socket, ClientEvent.comment, { text });
const mute = (viewerId: string) => call(host, HostEvent.mute, { viewerId, muted: true });
const mutes = async (who: AdminBrowser = browser): Promise<MuteView[]> =>
  ((await (await who.fetch("/v1/mutes")).json()) as { mutes: MuteView[] }).mutes;
const unmute = (viewerId: string, csrf?: string | null, who: AdminBrowser = browser) =>
  who.fetch(`/v1/mutes/${encodeURIComponent(viewerId)}`, { method: "DELETE", ...(csrf === undefined ? {} : { csrf }) });
const muteRows = () => server.store.db.selectFrom("mutes").select("viewer_id").orderBy("viewer_id").execute();

describe("the shop's mute list", () => {
  it("lists every muted viewer, not only those in the comment sample, with who muted them and when", async () => {
    const amy = await viewer("amy");
    await say(amy, "hello");
    await mute("amy");
    server.clock.advance(60_000);
    // never commented in this room: muted by id
    await mute("quiet-one");
    const list = await mutes();
    expect(list).toEqual([
      { viewerId: "quiet-one", name: null, mutedAt: server.clock.now(), mutedBy: "host:host-1", mutedByName: "Host" },
      {
        viewerId: "amy",
        name: "amy",
        mutedAt: server.clock.now() - 60_000,
        mutedBy: "host:host-1",
        mutedByName: "Host",
      },
    ]);
    // the shop's backend reads it with its key
    const overKey = await shopApi(server, "/v1/mutes");
    expect((overKey.body.mutes as MuteView[]).map((m) => m.viewerId)).toEqual(["quiet-one", "amy"]);
  });

  it("unmutes: the viewer comments again at once in a live room, and the audit log says who", async () => {
    const amy = await viewer("amy");
    await mute("amy");
    expect(await say(amy, "let me speak")).toMatchObject({ ok: false, error: { code: "muted" } });

    const response = await unmute("amy");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ viewerId: "amy", muted: false });
    expect(await say(amy, "thank you")).toMatchObject({ ok: true, data: { accepted: true } });
    expect(await mutes()).toEqual([]);

    const audit = (await (await browser.fetch("/v1/audit?target=viewer:amy")).json()) as {
      entries: { action: string; actor: string; before: unknown; after: unknown }[];
    };
    expect(audit.entries).toMatchObject([
      {
        action: "mute.remove",
        actor: `session:${browser.sessionId}`,
        before: { muted: true, mutedBy: "host:host-1" },
        after: { muted: false },
      },
      { action: "mute.add", actor: "host:host-1", before: null, after: { muted: true } },
    ]);
  });

  it("refuses unmuting a viewer who is not muted, another shop's viewer, a bad id, and a write without CSRF token", async () => {
    await mute("amy");
    const notMuted = await unmute("bob");
    expect(notMuted.status).toBe(404);
    expect(((await notMuted.json()) as ErrorBody).error.code).toBe("not_muted");

    const other = await createShop(server.store.db, { name: "Other" }, server.clock.now());
    const stranger = await signIn(server, await printLink(server, other.id));
    expect(await mutes(stranger)).toEqual([]);
    const across = await unmute("amy", undefined, stranger);
    expect(across.status).toBe(404);
    expect(((await across.json()) as ErrorBody).error.code).toBe("not_muted");

    const bad = await unmute("a/b c");
    expect(bad.status).toBe(400);
    const badId = await unmute("x".repeat(65));
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as ErrorBody).error.fields?.map((f) => f.path)).toEqual(["params.viewerId"]);

    const noCsrf = await unmute("amy", null);
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as ErrorBody).error.code).toBe("csrf_invalid");
    const anonymous = await fetch(`${server.url}/v1/mutes/amy`, { method: "DELETE" });
    expect(anonymous.status).toBe(401);
    expect(await muteRows()).toEqual([{ viewer_id: "amy" }]);
  });

  it("an unmute made through another node reaches this node's rooms", async () => {
    const amy = await viewer("amy");
    await mute("amy");
    expect(await say(amy, "hi")).toMatchObject({ ok: false, error: { code: "muted" } });
    // another node's unmute: the row is gone, this node's moderation was not told
    await server.store.db.deleteFrom("mutes").execute();
    server.clock.advance(5_000);
    expect(await say(amy, "hi again")).toMatchObject({ ok: true, data: { accepted: true } });
  });
});

describe("blocked words from the back office", () => {
  it("are edited through PATCH /v1/config with If-Match and apply to the next comment; a stale write is 412", async () => {
    const read = await browser.fetch("/v1/config");
    const etag = read.headers.get("etag") ?? "";
    const patch = (words: string[], ifMatch: string) =>
      browser.fetch("/v1/config", {
        method: "PATCH",
        headers: { "content-type": "application/json", "if-match": ifMatch },
        body: JSON.stringify({ moderation: { blockedWords: words } }),
      });
    expect((await patch(["spam"], etag)).status).toBe(200);
    const amy = await viewer("amy");
    expect(await say(amy, "buy SPAM")).toMatchObject({ ok: false, error: { code: "comment_blocked" } });

    const stale = await patch(["other"], etag);
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as ErrorBody).error.code).toBe("config_conflict");
    const config = (await (await browser.fetch("/v1/config")).json()) as { moderation: { blockedWords: string[] } };
    expect(config.moderation.blockedWords).toEqual(["spam"]);
  });
});
