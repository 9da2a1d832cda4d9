import { createHmac } from "node:crypto";
import { CompactSign, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signToken } from "../../server/auth/tokens.js";
import { createRoom, createShop } from "../../server/services/shops.js";
import { joinRoom, refusedWith, startServer, type TestServer } from "../../support/server.js";

let server: TestServer;
let otherShopToken: string;
let otherRoom: string;
beforeAll(async () => {
  server = await startServer();
  const other = await createShop(server.store.db, { name: "Other Shop" }, server.clock.now());
  otherRoom = (await createRoom(server.store.db, other.id, { title: "theirs" }, server.clock.now())).id;
  otherShopToken = await signToken(
    other.secret,
    { sub: "amy", shop: other.id, role: "viewer" },
    server.clock.now() + 3600_000,
  );
});
afterAll(async () => {
  await server.close();
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const key = (secret: string) => new TextEncoder().encode(secret);
/** Signs any claims as given: SignJWT refuses to build the malformed ones a hostile caller can. */
const signRaw = (claims: Record<string, unknown>, secret = server.shop.secret) =>
  new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(key(secret));
const inAnHour = () => Math.floor(server.clock.now() / 1000) + 3600;

describe("viewer tokens at the handshake", () => {
  it("admits a genuine token and says who the viewer is", async () => {
    const { snapshot, socket } = await joinRoom(server, await server.token("amy", { name: "Amy" }));
    expect(snapshot.viewer).toEqual({ id: "amy", name: "Amy", role: "viewer" });
    socket.disconnect();
  });

  it.each([
    [
      "an expired token",
      async () => server.token("amy", { exp: Math.floor(server.clock.now() / 1000) - 60 }),
      "token_expired",
    ],
    ["a token signed with the wrong key", async () => server.token("amy", {}, "not-the-shop-secret"), "token_invalid"],
    [
      "alg: none",
      async () =>
        `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: "amy", shop: server.shop.id, role: "viewer", exp: 4e9 })}.`,
      "token_alg",
    ],
    [
      "another algorithm (HS512)",
      async () =>
        new SignJWT({ sub: "amy", shop: server.shop.id, role: "viewer" })
          .setProtectedHeader({ alg: "HS512" })
          .setExpirationTime("1h")
          .sign(key(`${server.shop.secret}${server.shop.secret}`)),
      "token_alg",
    ],
    [
      "a token without a subject",
      async () =>
        new SignJWT({ shop: server.shop.id, role: "viewer" })
          .setProtectedHeader({ alg: "HS256" })
          .setExpirationTime(Math.floor(server.clock.now() / 1000) + 600)
          .sign(key(server.shop.secret)),
      "token_claims",
    ],
    [
      "a token without an expiry",
      async () =>
        new SignJWT({ sub: "amy", shop: server.shop.id, role: "viewer" })
          .setProtectedHeader({ alg: "HS256" })
          .sign(key(server.shop.secret)),
      "token_claims",
    ],
    ["a role we do not know", async () => server.token("amy", { role: "admin" as never }), "token_claims"],
    [
      "an expiry written as a string",
      async () => signRaw({ sub: "amy", shop: server.shop.id, role: "viewer", exp: String(inAnHour()) }),
      "token_claims",
    ],
    [
      "a not-before written as a string",
      async () => signRaw({ sub: "amy", shop: server.shop.id, role: "viewer", exp: inAnHour(), nbf: "soon" }),
      "token_claims",
    ],
    [
      "an issued-at written as a string",
      async () => signRaw({ sub: "amy", shop: server.shop.id, role: "viewer", exp: inAnHour(), iat: "now" }),
      "token_claims",
    ],
    [
      "a shop written as a number",
      async () => signRaw({ sub: "amy", shop: 7, role: "viewer", exp: inAnHour() }),
      "token_claims",
    ],
    [
      "a string expiry under the wrong key",
      async () => signRaw({ sub: "amy", shop: server.shop.id, role: "viewer", exp: "x" }, "not-the-shop-secret"),
      "token_invalid",
    ],
    [
      "a not-before still in the future",
      async () => signRaw({ sub: "amy", shop: server.shop.id, role: "viewer", exp: inAnHour(), nbf: inAnHour() - 60 }),
      "token_claims",
    ],
    [
      "a payload changed after signing",
      async () => {
        const [header, , signature] = (await server.token("amy")).split(".");
        return `${header}.${b64({ sub: "bob", shop: server.shop.id, role: "host", exp: inAnHour() })}.${signature}`;
      },
      "token_invalid",
    ],
    [
      "a critical header parameter",
      async () => {
        // jose will not sign with an extension it does not know; a hostile backend can
        const signed = `${b64({ alg: "HS256", crit: ["x-hop"], "x-hop": 1 })}.${b64({ sub: "amy", shop: server.shop.id, role: "viewer", exp: inAnHour() })}`;
        return `${signed}.${createHmac("sha256", server.shop.secret).update(signed).digest("base64url")}`;
      },
      "token_invalid",
    ],
    ["another shop's genuine token", async () => otherShopToken, "wrong_shop"],
    ["garbage", async () => "not.a.jwt", "token_invalid"],
    // strict decoding (auth/tokens.ts decodeCompact): what is not exactly a compact JWS is no JWT
    ["a token of two parts", async () => (await server.token("amy")).split(".").slice(0, 2).join("."), "token_invalid"],
    ["a token of one part", async () => (await server.token("amy")).split(".")[0] ?? "", "token_invalid"],
    ["a genuine token with a fourth part", async () => `${await server.token("amy")}.${b64({})}`, "token_invalid"],
    ["an empty token", async () => "..", "token_invalid"],
    [
      "a header that is not base64url",
      async () => {
        const [, payload, signature] = (await server.token("amy")).split(".");
        return `eyJhbGciOiJIUzI1NiJ9!.${payload}.${signature}`;
      },
      "token_invalid",
    ],
    [
      "a payload in padded base64",
      async () => {
        const [header, payload, signature] = (await server.token("amy")).split(".");
        return `${header}.${payload}${"=".repeat((4 - ((payload ?? "").length % 4)) % 4 || 4)}.${signature}`;
      },
      "token_invalid",
    ],
    ["a genuine signature with a stray character", async () => `${await server.token("amy")}*`, "token_invalid"],
    ["a genuine token with whitespace", async () => ` ${await server.token("amy")}`, "token_invalid"],
    [
      "a payload that is a JSON array",
      async () => {
        const signed = `${b64({ alg: "HS256", typ: "JWT" })}.${b64([{ sub: "amy", shop: server.shop.id }])}`;
        return `${signed}.${createHmac("sha256", server.shop.secret).update(signed).digest("base64url")}`;
      },
      "token_invalid",
    ],
    [
      "a payload that is not JSON",
      async () => {
        const signed = `${b64({ alg: "HS256", typ: "JWT" })}.${Buffer.from("{sub: amy").toString("base64url")}`;
        return `${signed}.${createHmac("sha256", server.shop.secret).update(signed).digest("base64url")}`;
      },
      "token_invalid",
    ],
    [
      "alg: none with a signature",
      async () => {
        const signed = `${b64({ alg: "none" })}.${b64({ sub: "amy", shop: server.shop.id, role: "viewer", exp: inAnHour() })}`;
        return `${signed}.${createHmac("sha256", server.shop.secret).update(signed).digest("base64url")}`;
      },
      "token_alg",
    ],
    [
      "an algorithm that is not a string",
      async () => {
        const signed = `${b64({ alg: 256 })}.${b64({ sub: "amy", shop: server.shop.id, role: "viewer", exp: inAnHour() })}`;
        return `${signed}.${createHmac("sha256", server.shop.secret).update(signed).digest("base64url")}`;
      },
      "token_alg",
    ],
    [
      "a genuine signature cut short",
      async () => {
        const token = await server.token("amy");
        return token.slice(0, -2);
      },
      "token_invalid",
    ],
  ])("refuses %s", async (_name, makeToken, code) => {
    expect(await refusedWith(server, { token: await makeToken() })).toBe(code);
  });

  it("admits fractional NumericDates (RFC 7519 allows them; Python signs time.time() + 3600)", async () => {
    const seconds = server.clock.now() / 1000;
    const token = await signRaw({
      sub: "amy",
      shop: server.shop.id,
      role: "viewer",
      iat: seconds - 0.25,
      nbf: seconds - 1.5,
      exp: seconds + 3600.731,
    });
    expect(await refusedWith(server, { token })).toBe("connected");
  });

  it("still refuses a fractional expiry that has passed", async () => {
    const exp = server.clock.now() / 1000 - 0.5;
    expect(
      await refusedWith(server, { token: await signRaw({ sub: "amy", shop: server.shop.id, role: "viewer", exp }) }),
    ).toBe("token_expired");
  });

  it("refuses a room that does not exist and a handshake without one", async () => {
    expect(await refusedWith(server, { room: "no-such-room" })).toBe("room_not_found");
    expect(await refusedWith(server, { room: "" })).toBe("bad_request");
  });

  it("lets the other shop's token into its own room", async () => {
    expect(await refusedWith(server, { room: otherRoom, token: otherShopToken })).toBe("connected");
  });

  it("never created a viewer for a refused token", async () => {
    const rows = await server.store.db
      .selectFrom("viewers")
      .select("viewer_id")
      .where("shop_id", "=", server.shop.id)
      .execute();
    expect(rows.map((r) => r.viewer_id)).toEqual(["amy"]);
  });
});
