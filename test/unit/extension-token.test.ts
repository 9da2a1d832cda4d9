import { describe, expect, it } from "vitest";
import { tokenStatus } from "../../extension/token.js";

const segment = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
const jwt = (claims: Record<string, unknown>) => `${segment({ alg: "HS256" })}.${segment(claims)}.signature`;

describe("the popup's reading of the viewer's token", () => {
  const now = Date.UTC(2026, 0, 1);
  it("says signed in with the token's name, a Chinese name read as UTF-8", () => {
    expect(tokenStatus(jwt({ sub: "v1", name: "小美", exp: now / 1000 + 60 }), now)).toEqual({
      signedIn: true,
      name: "小美",
    });
  });
  it("says signed out without a token, with an expired one, or with one that is not a JWT", () => {
    expect(tokenStatus(null, now).signedIn).toBe(false);
    expect(tokenStatus(jwt({ sub: "v1", exp: now / 1000 - 1 }), now).signedIn).toBe(false);
    expect(tokenStatus("not.a-jwt", now).signedIn).toBe(false);
  });
});
