import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../protocol/index.js";
import { startServer, type TestServer } from "../../support/server.js";
import { stateFingerprint } from "../../support/watch.js";
import { signIn } from "../helpers/admin.js";

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

type ErrorBody = { error: { code: string; fields?: { path: string; message: string }[] } };
const api = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${server.shop.secret}`, ...(init.headers as Record<string, string>) },
  });
const patch = (body: unknown, ifMatch?: string, contentType = "application/json") =>
  api("/v1/config", {
    method: "PATCH",
    headers: { "content-type": contentType, ...(ifMatch === undefined ? {} : { "if-match": ifMatch }) },
    body: JSON.stringify(body),
  });
const etagNow = async () => (await api("/v1/config")).headers.get("etag") ?? "";

describe("PATCH /v1/config with If-Match", () => {
  it("applies a fresh partial change over the rest, with a new ETag", async () => {
    const read = await api("/v1/config");
    const etag = read.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"config-\d+"$/);
    const changed = await patch({ moderation: { blockedWords: ["spam"] }, watch: { dailyCap: 90 } }, etag);
    expect(changed.status).toBe(200);
    const next = changed.headers.get("etag");
    expect(next).not.toBe(etag);
    const config = (await changed.json()) as typeof DEFAULT_CONFIG;
    expect(config.moderation).toEqual({ ...DEFAULT_CONFIG.moderation, blockedWords: ["spam"] });
    expect(config.watch).toEqual({ ...DEFAULT_CONFIG.watch, dailyCap: 90 });
    expect(config.tiers).toEqual(DEFAULT_CONFIG.tiers);
    expect(await etagNow()).toBe(next);
  });

  it("refuses a stale write with 412 config_conflict and loses neither change", async () => {
    const seenByBoth = await etagNow();
    expect((await patch({ moderation: { blockedWords: ["spam"] } }, seenByBoth)).status).toBe(200);
    const before = await stateFingerprint(server);
    const second = await patch({ moderation: { commentsPerMinute: 5 } }, seenByBoth);
    expect(second.status).toBe(412);
    expect(((await second.json()) as ErrorBody).error.code).toBe("config_conflict");
    expect(await stateFingerprint(server)).toBe(before);
    const config = (await (await api("/v1/config")).json()) as typeof DEFAULT_CONFIG;
    expect(config.moderation.blockedWords).toEqual(["spam"]);
    expect(config.moderation.commentsPerMinute).toBe(DEFAULT_CONFIG.moderation.commentsPerMinute);
  });

  it("requires If-Match (428), and takes * and the merge-patch media type", async () => {
    const before = await stateFingerprint(server);
    const bare = await patch({ pointsPerYuan: 50 });
    expect(bare.status).toBe(428);
    expect(((await bare.json()) as ErrorBody).error.code).toBe("if_match_required");
    expect(await stateFingerprint(server)).toBe(before);
    const any = await patch({ pointsPerYuan: 50 }, "*", "application/merge-patch+json");
    expect(any.status).toBe(200);
    expect(((await any.json()) as typeof DEFAULT_CONFIG).pointsPerYuan).toBe(50);
  });

  it("validates the merged document whole and names each bad field by its path", async () => {
    const etag = await etagNow();
    const before = await stateFingerprint(server);
    const tiers = DEFAULT_CONFIG.tiers.map((tier, i) => (i === 1 ? { ...tier, threshold: 0 } : tier));
    const bad = await patch({ tiers, watch: { pointsPerBlock: -1 } }, etag);
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as ErrorBody;
    expect(error.code).toBe("bad_request");
    expect(error.fields?.map((f) => f.path).sort()).toEqual(["tiers.1.threshold", "watch.pointsPerBlock"]);

    const typo = await patch({ watch: { pointsPerBlok: 5 } }, etag);
    expect(((await typo.json()) as ErrorBody).error.fields).toEqual([
      { path: "watch.pointsPerBlok", message: "no such setting" },
    ]);
    expect(await stateFingerprint(server)).toBe(before);
    expect(await etagNow()).toBe(etag);
  });

  it("removes a key with null, so the default applies again", async () => {
    await patch({ allowedOrigins: ["https://shop.example"] }, await etagNow());
    const reset = await patch({ allowedOrigins: null }, await etagNow());
    expect(((await reset.json()) as typeof DEFAULT_CONFIG).allowedOrigins).toEqual([]);
  });

  it("is audited in the same write, with before and after and who", async () => {
    const browser = await signIn(server);
    const read = await browser.fetch("/v1/config");
    const changed = await browser.fetch("/v1/config", {
      method: "PATCH",
      headers: { "content-type": "application/json", "if-match": read.headers.get("etag") ?? "" },
      body: JSON.stringify({ moderation: { blockedWords: ["spam"] } }),
    });
    expect(changed.status).toBe(200);
    const { entries } = (await (await browser.fetch("/v1/audit?action=config.update")).json()) as {
      entries: { actor: string; target: unknown; before: unknown; after: unknown; requestId: string }[];
    };
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: `session:${browser.sessionId}`,
      target: { kind: "config", id: server.shop.id },
      before: { moderation: DEFAULT_CONFIG.moderation },
      after: { moderation: { ...DEFAULT_CONFIG.moderation, blockedWords: ["spam"] } },
    });
    expect(entries[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // a write that changes nothing records nothing
    await browser.fetch("/v1/config", {
      method: "PATCH",
      headers: { "content-type": "application/json", "if-match": changed.headers.get("etag") ?? "" },
      body: JSON.stringify({ moderation: { blockedWords: ["spam"] } }),
    });
    const again = (await (await browser.fetch("/v1/audit?action=config.update")).json()) as { entries: unknown[] };
    expect(again.entries).toHaveLength(1);
  });

  it("a session's write without its CSRF token is refused and changes nothing", async () => {
    const browser = await signIn(server);
    const etag = (await browser.fetch("/v1/config")).headers.get("etag") ?? "";
    const before = await stateFingerprint(server);
    const forged = await browser.fetch("/v1/config", {
      method: "PATCH",
      csrf: null,
      headers: { "content-type": "application/json", "if-match": etag },
      body: JSON.stringify({ moderation: { blockedWords: [] } }),
    });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as ErrorBody).error.code).toBe("csrf_invalid");
    expect(await stateFingerprint(server)).toBe(before);
  });
});

describe("PUT /v1/config", () => {
  it("still replaces the whole document without If-Match, and honours one when sent", async () => {
    const stale = await etagNow();
    const put = (config: unknown, ifMatch?: string) =>
      api("/v1/config", {
        method: "PUT",
        headers: { "content-type": "application/json", ...(ifMatch ? { "if-match": ifMatch } : {}) },
        body: JSON.stringify(config),
      });
    expect((await put({ ...DEFAULT_CONFIG, pointsPerYuan: 10 })).status).toBe(200);
    const refused = await put({ ...DEFAULT_CONFIG, pointsPerYuan: 20 }, stale);
    expect(refused.status).toBe(412);
    expect(((await (await api("/v1/config")).json()) as typeof DEFAULT_CONFIG).pointsPerYuan).toBe(10);
    const audit = (await (await api("/v1/audit?actor=api&action=config.update")).json()) as { entries: unknown[] };
    expect(audit.entries).toHaveLength(1);
  });
});

describe("coupon templates", () => {
  it("are audited when created", async () => {
    const created = await api("/v1/coupon-templates", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: { "zh-CN": "五元券", en: "¥5 off" },
        kind: "amount",
        value: 500,
        minSpend: 0,
        validDays: 7,
      }),
    });
    expect(created.status).toBe(200);
    const template = (await created.json()) as { id: string };
    const { entries } = (await (await api(`/v1/audit?target=template:${template.id}`)).json()) as {
      entries: { action: string; actor: string; before: unknown; after: { id: string } }[];
    };
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "template.create", actor: "api", before: null });
    expect(entries[0]?.after.id).toBe(template.id);
  });
});
