import { afterEach, describe, expect, it } from "vitest";
import { type AuditPage, ServerEvent, type SigningKeyList, type SigningKeyRotated } from "../../protocol/index.js";
import { signViewerToken } from "../../sdk/node/src/tokens.js";
import { signToken } from "../../server/auth/tokens.js";
import { shopApi } from "../../support/commerce.js";
import { joinRoom, next, refusedWith, startServer, type TestServer } from "../../support/server.js";
import { stateFingerprint } from "../../support/watch.js";
import { signIn } from "../helpers/admin.js";

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

const HOUR = 3600_000;

const rotate = async (body: Record<string, unknown> = {}) => {
  const res = await shopApi(server, "/v1/signing-keys/rotate", { body });
  expect(res.status).toBe(200);
  return res.body as unknown as SigningKeyRotated;
};
const viewerToken = (secret: string, kid?: string, sub = "amy") =>
  signToken(secret, { sub, shop: server.shop.id, role: "viewer" }, server.clock.now() + 48 * HOUR, kid);

describe("the viewer-token signing key", () => {
  it("starts as the shop secret, apart from the API keys: a rotation leaves the API key working", async () => {
    server = await startServer();
    expect(await refusedWith(server, { token: await server.token("amy") })).toBe("connected");
    const rotated = await rotate();
    expect(rotated.secret).not.toBe(server.shop.secret);
    expect(rotated.key.current).toBe(true);
    expect(rotated.previous).toMatchObject({ current: false, verifiesUntil: server.clock.now() + 24 * HOUR });
    // the shop secret still calls the API: it is an API key, and signing keys are another thing
    expect((await shopApi(server, "/v1/config")).status).toBe(200);
    // the new key is no API key
    expect((await shopApi(server, "/v1/config", { secret: rotated.secret })).status).toBe(401);
  });

  it("verifies tokens of the old key inside the window and refuses them after, with token_invalid", async () => {
    server = await startServer();
    const old = await viewerToken(server.shop.secret);
    const rotated = await rotate({ windowSeconds: 3600 });
    const oldKid = rotated.previous?.kid ?? "";
    const withOldKid = await viewerToken(server.shop.secret, oldKid);
    const fresh = await viewerToken(rotated.secret);
    const freshKid = await viewerToken(rotated.secret, rotated.key.kid);
    const viaSdk = signViewerToken(
      rotated.secret,
      { sub: "bo", shop: server.shop.id },
      { now: server.clock.now(), expiresInSeconds: 48 * 3600, kid: rotated.key.kid },
    );

    for (const token of [old, withOldKid, fresh, freshKid, viaSdk]) {
      expect(await refusedWith(server, { token })).toBe("connected");
    }
    // a kid names one key: the new key's kid on a token the old key signed is a forgery
    expect(await refusedWith(server, { token: await viewerToken(server.shop.secret, rotated.key.kid) })).toBe(
      "token_invalid",
    );
    expect(await refusedWith(server, { token: await viewerToken(rotated.secret, "sig_unknown") })).toBe(
      "token_invalid",
    );

    server.clock.advance(HOUR);
    expect(await refusedWith(server, { token: old })).toBe("token_invalid");
    expect(await refusedWith(server, { token: withOldKid })).toBe("token_invalid");
    expect(await refusedWith(server, { token: fresh })).toBe("connected");
    expect(await refusedWith(server, { token: freshKid })).toBe("connected");
    expect(await refusedWith(server, { token: viaSdk })).toBe("connected");
  });

  it("keeps a viewer connected through a rotation, still hearing what happens to them", async () => {
    server = await startServer();
    const { socket } = await joinRoom(server, await server.token("amy"));
    await rotate({ windowSeconds: 0 });
    server.clock.advance(HOUR);
    const pushed = next(socket, ServerEvent.wallet);
    await shopApi(server, "/v1/viewers/amy/points", { body: { delta: 30, idempotencyKey: "after-rotation" } });
    expect((await pushed).wallet.points).toBe(30);
    expect(socket.connected).toBe(true);
    // a new connection with the retired key is refused: the window was zero
    expect(await refusedWith(server, { token: await server.token("amy") })).toBe("token_invalid");
  });

  it("lists the keys that still verify without ever showing them, and audits the rotation without the key", async () => {
    server = await startServer();
    const rotated = await rotate({ windowSeconds: 60 });
    const keys = (await shopApi(server, "/v1/signing-keys")).body as unknown as SigningKeyList;
    expect(keys.keys.map((k) => [k.kid, k.current])).toEqual([
      [rotated.key.kid, true],
      [rotated.previous?.kid, false],
    ]);
    const text = JSON.stringify(keys);
    expect(text).not.toContain(rotated.secret);
    expect(text).not.toContain(server.shop.secret);
    server.clock.advance(60_000);
    expect(((await shopApi(server, "/v1/signing-keys")).body as unknown as SigningKeyList).keys).toHaveLength(1);

    const audit = (await shopApi(server, "/v1/audit?action=signingkey.rotate")).body as unknown as AuditPage;
    expect(audit.entries.map((e) => [e.target.kind, e.target.id, e.actor])).toEqual([
      ["signing_key", rotated.key.kid, "api"],
    ]);
    expect(JSON.stringify(audit)).not.toContain(rotated.secret);
  });

  it("refuses a window out of range, and a back-office rotation without its CSRF token, changing nothing", async () => {
    server = await startServer();
    const before = await stateFingerprint(server);
    for (const windowSeconds of [-1, 1.5, 31 * 24 * 3600, "3600"]) {
      const res = await shopApi(server, "/v1/signing-keys/rotate", { body: { windowSeconds } });
      expect(res.body.error?.code).toBe("bad_request");
    }
    const browser = await signIn(server);
    const afterSignIn = await stateFingerprint(server);
    expect(afterSignIn).not.toBe(before);
    const forged = await browser.fetch("/v1/signing-keys/rotate", {
      method: "POST",
      csrf: "not-the-token",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(forged.status).toBe(403);
    expect(await stateFingerprint(server)).toBe(afterSignIn);
    const signedIn = await browser.fetch("/v1/signing-keys/rotate", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("cache-control")).toBe("no-store");
  });

  it("checks a shop backend's admin token against the signing key too", async () => {
    server = await startServer();
    const rotated = await rotate({ windowSeconds: 0 });
    const admin = (secret: string) =>
      signToken(secret, { sub: "mia", shop: server.shop.id, role: "admin" }, server.clock.now() + 600_000);
    const exchange = async (token: string) =>
      fetch(`${server.url}/v1/admin/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token }),
      });
    server.clock.advance(1000);
    expect((await exchange(await admin(server.shop.secret))).status).toBe(401);
    expect((await exchange(await admin(rotated.secret))).status).toBe(200);
  });
});
