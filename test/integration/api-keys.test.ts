import { afterEach, describe, expect, it } from "vitest";
import type { ApiKeyCreated, ApiKeyList, ApiKeyRotated, AuditPage } from "../../protocol/index.js";
import { hashApiKey } from "../../server/domain/keys.js";
import { type CreatedShop, createShop } from "../../server/services/shops.js";
import { shopApi } from "../../support/commerce.js";
import { startServer, type TestServer } from "../../support/server.js";
import { stateFingerprint } from "../../support/watch.js";
import { signIn } from "../helpers/admin.js";

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

const create = async (name: string, secret?: string) =>
  (await shopApi(server, "/v1/api-keys", { body: { name }, ...(secret ? { secret } : {}) })) as {
    status: number;
    body: ApiKeyCreated & { error?: { code: string } };
  };
const list = async (secret?: string) =>
  (await shopApi(server, "/v1/api-keys", secret ? { secret } : {})).body as unknown as ApiKeyList;

describe("API keys", () => {
  it("creates a named key shown once, lists it without the key, and the key calls the API", async () => {
    server = await startServer();
    const made = await create("checkout service");
    expect(made.status).toBe(200);
    expect(made.body.secret).toMatch(/^sk_live_[A-Za-z0-9_-]{43}$/);
    expect(made.body.key).toMatchObject({ name: "checkout service", state: "live", lastUsedAt: null, revokedAt: null });
    expect(made.body.secret.startsWith(made.body.key.prefix)).toBe(true);
    expect(made.body.key.prefix.length).toBeLessThanOrEqual(12);

    // the new key works, and its use is noted
    expect((await shopApi(server, "/v1/config", { secret: made.body.secret })).status).toBe(200);
    const keys = await list();
    expect(keys.keys.map((k) => k.name).sort()).toEqual(["checkout service", "shop secret"]);
    expect(keys.keys.find((k) => k.id === made.body.key.id)?.lastUsedAt).toBe(server.clock.now());
    // never the key again: not in the list, not in the database, not in the audit log
    expect(JSON.stringify(keys)).not.toContain(made.body.secret);
    const stored = await stateFingerprint(server);
    expect(stored).not.toContain(made.body.secret);
    expect(stored).toContain(hashApiKey(made.body.secret));
  });

  it("refuses a revoked key with 401 unauthorized, and revoking twice is api_key_revoked", async () => {
    server = await startServer();
    const made = await create("old integration");
    const revoked = await shopApi(server, `/v1/api-keys/${made.body.key.id}`, { method: "DELETE" });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ revoked: true, key: { id: made.body.key.id, state: "revoked" } });
    const refused = await shopApi(server, "/v1/config", { secret: made.body.secret });
    expect(refused.status).toBe(401);
    expect(refused.body.error?.code).toBe("unauthorized");
    const again = await shopApi(server, `/v1/api-keys/${made.body.key.id}`, { method: "DELETE" });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe("api_key_revoked");
    expect((await shopApi(server, "/v1/api-keys/key_nothing", { method: "DELETE" })).body.error?.code).toBe(
      "api_key_not_found",
    );
    // the shop's other keys are untouched
    expect((await shopApi(server, "/v1/config")).status).toBe(200);
  });

  it("rotates a key: a new one at once, the old one until its grace ends, then 401", async () => {
    server = await startServer();
    const made = await create("warehouse");
    const rotated = await shopApi(server, `/v1/api-keys/${made.body.key.id}/rotate`, { body: { graceSeconds: 600 } });
    expect(rotated.status).toBe(200);
    const body = rotated.body as unknown as ApiKeyRotated;
    expect(body.secret).not.toBe(made.body.secret);
    expect(body.key).toMatchObject({ name: "warehouse", state: "live" });
    expect(body.previous).toMatchObject({ id: made.body.key.id, state: "expiring" });
    expect(body.previous.revokedAt).toBe(server.clock.now() + 600_000);

    expect((await shopApi(server, "/v1/config", { secret: body.secret })).status).toBe(200);
    expect((await shopApi(server, "/v1/config", { secret: made.body.secret })).status).toBe(200);
    server.clock.advance(600_000);
    expect((await shopApi(server, "/v1/config", { secret: made.body.secret })).status).toBe(401);
    expect((await shopApi(server, "/v1/config", { secret: body.secret })).status).toBe(200);

    // without a grace the old key stops at once; a revoked key cannot be rotated
    const now = await shopApi(server, `/v1/api-keys/${body.key.id}/rotate`, { body: {} });
    expect((await shopApi(server, "/v1/config", { secret: body.secret })).status).toBe(401);
    expect(
      (await shopApi(server, "/v1/config", { secret: (now.body as unknown as ApiKeyRotated).secret })).status,
    ).toBe(200);
    const dead = await shopApi(server, `/v1/api-keys/${made.body.key.id}/rotate`, { body: {} });
    expect(dead.body.error?.code).toBe("api_key_revoked");
  });

  it("never lets another shop's key reach this shop's keys", async () => {
    server = await startServer();
    const other: CreatedShop = await createShop(server.store.db, { name: "Other" }, server.clock.now());
    const mine = await create("mine");
    const before = (await list()).keys;
    // the other shop sees only its own keys, and this shop's key ids are none of its own
    expect((await list(other.secret)).keys.map((k) => k.name)).toEqual(["shop secret"]);
    const revoke = await shopApi(server, `/v1/api-keys/${mine.body.key.id}`, {
      method: "DELETE",
      secret: other.secret,
    });
    expect(revoke.body.error?.code).toBe("api_key_not_found");
    const rotate = await shopApi(server, `/v1/api-keys/${mine.body.key.id}/rotate`, { body: {}, secret: other.secret });
    expect(rotate.body.error?.code).toBe("api_key_not_found");
    expect((await list()).keys).toEqual(before);
    // and a key is a credential of its own shop only
    const viaOther = await shopApi(server, "/v1/viewers/amy/points", {
      body: { delta: 5, idempotencyKey: "cross" },
      secret: other.secret,
    });
    expect(viaOther.status).toBe(200);
    expect((await shopApi(server, "/v1/viewers/amy")).status).toBe(404);
  });

  it("audits create, rotate and revoke, naming keys and never holding them", async () => {
    server = await startServer();
    const made = await create("audited");
    const rotated = (await shopApi(server, `/v1/api-keys/${made.body.key.id}/rotate`, { body: {} }))
      .body as unknown as ApiKeyRotated;
    await shopApi(server, `/v1/api-keys/${rotated.key.id}`, { method: "DELETE" });
    const page = (await shopApi(server, "/v1/audit?target=api_key")).body as unknown as AuditPage;
    expect(page.entries.map((e) => [e.action, e.target.id, e.actor])).toEqual([
      ["apikey.revoke", rotated.key.id, "api"],
      ["apikey.rotate", made.body.key.id, "api"],
      ["apikey.create", made.body.key.id, "api"],
    ]);
    const text = JSON.stringify(page);
    expect(text).not.toContain(made.body.secret);
    expect(text).not.toContain(rotated.secret);
  });

  it("takes the back office's session, and refuses it without its CSRF token or with none at all", async () => {
    server = await startServer();
    const browser = await signIn(server);
    const made = await browser.fetch("/v1/api-keys", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "from the back office" }),
    });
    expect(made.status).toBe(200);
    const before = await stateFingerprint(server);
    const noCsrf = await browser.fetch("/v1/api-keys", {
      method: "POST",
      csrf: null,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "forged" }),
    });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as { error: { code: string } }).error.code).toBe("csrf_invalid");
    const stranger = await fetch(`${server.url}/v1/api-keys`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "nobody" }),
    });
    expect(stranger.status).toBe(401);
    expect(await stateFingerprint(server)).toBe(before);
    const audit = (await (await browser.fetch("/v1/audit?action=apikey.create")).json()) as AuditPage;
    expect(audit.entries[0]?.actor).toBe(`session:${browser.sessionId}`);
  });
});
