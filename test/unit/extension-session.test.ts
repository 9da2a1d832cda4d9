import { describe, expect, it } from "vitest";
import { acceptSignIn, renewAt } from "../../extension/session.js";

const segment = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
const jwt = (claims: Record<string, unknown>) => `${segment({ alg: "HS256" })}.${segment(claims)}.signature`;

const SHOP = "https://shop.example";
const message = (fields: Record<string, unknown> = {}) => ({
  type: "encore:sign-in",
  token: jwt({ sub: "amy", exp: 2_000_000_000 }),
  room: "r_live",
  renew: `${SHOP}/api/renew`,
  ...fields,
});

describe("a sign-in message from a web page", () => {
  it("is taken from the shop's origin, with its token, room and renewal URL", () => {
    expect(acceptSignIn(message(), SHOP, [SHOP])).toEqual({
      token: message().token,
      room: "r_live",
      renew: `${SHOP}/api/renew`,
    });
    // the origin as configured may be spelled with its default port or in capitals
    expect(acceptSignIn(message(), SHOP, ["https://Shop.example:443"])).not.toBeNull();
  });

  it.each([
    ["another site", "https://evil.example"],
    ["a look-alike host", "https://shop.example.evil.example"],
    ["plain http on the shop's host", "http://shop.example"],
    ["another port", "https://shop.example:8443"],
    ["no origin at all (another extension)", undefined],
    ["an opaque origin", "null"],
  ])("is ignored from %s", (_, origin) => {
    expect(acceptSignIn(message(), origin, [SHOP])).toBeNull();
  });

  it.each([
    ["renewals sent to another host", { renew: "https://evil.example/api/renew" }],
    ["a renewal URL that is not http", { renew: "javascript:alert(1)" }],
    ["another message type", { type: "encore:sign-out" }],
    ["no token", { token: "" }],
    ["a room id with separators", { room: "../r" }],
    ["fields the protocol does not have", { password: "x" }],
  ])("is ignored with %s, even from the shop", (_, fields) => {
    expect(acceptSignIn(message(fields), SHOP, [SHOP])).toBeNull();
  });

  it("is ignored when the extension was built for no shop", () => {
    expect(acceptSignIn(message(), SHOP, [])).toBeNull();
  });
});

describe("when the extension renews a viewer token", () => {
  const t0 = Date.UTC(2026, 0, 1);
  const seconds = (ms: number) => Math.floor(ms / 1000);
  const minute = 60_000;
  const hour = 60 * minute;

  it.each([
    // a demo token of 12 hours: half an hour before it expires (the most lead there is)
    ["12 h, iat known", { iat: seconds(t0), exp: seconds(t0 + 12 * hour) }, t0, t0 + 12 * hour - 30 * minute],
    // one hour: a fifth of its life before, 12 minutes
    ["1 h", { iat: seconds(t0), exp: seconds(t0 + hour) }, t0, t0 + hour - 12 * minute],
    // two minutes: a minute before (the least lead there is)
    ["2 min", { iat: seconds(t0), exp: seconds(t0 + 2 * minute) }, t0, t0 + minute],
    // no iat: its life counts from when it arrived
    ["1 h, no iat", { exp: seconds(t0 + hour) }, t0, t0 + hour - 12 * minute],
    // arrived already inside its renewal window: at once
    ["arrived late", { iat: seconds(t0 - hour), exp: seconds(t0 + 5 * minute) }, t0, t0],
    // expired already: at once (the shop refuses it, and the viewer is asked to sign in again)
    ["expired", { exp: seconds(t0 - minute) }, t0, t0],
  ])("%s", (_, claims, receivedAt, expected) => {
    expect(renewAt(jwt(claims), receivedAt)).toBe(expected);
  });

  it("never, for a token without an expiry or one that is not a JWT", () => {
    expect(renewAt(jwt({ sub: "amy" }), t0)).toBeNull();
    expect(renewAt("not-a-jwt", t0)).toBeNull();
  });
});
