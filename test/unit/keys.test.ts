import { describe, expect, it } from "vitest";
import {
  apiKeyState,
  keyPrefix,
  keysToTry,
  lastUseWorthRecording,
  type VerificationKey,
} from "../../server/domain/keys.js";

const key = (kid: string, retiresAt: number | null): VerificationKey => ({ kid, secret: `s-${kid}`, retiresAt });

describe("the keys' rules", () => {
  it.each([
    [null, 100, "live"],
    [150, 100, "expiring"],
    [100, 100, "revoked"],
    [50, 100, "revoked"],
  ] as const)("an API key revoked at %s is %s at %s", (revokedAt, now, state) => {
    expect(apiKeyState(revokedAt, now)).toBe(state);
  });

  it.each([
    ["sk_live_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "sk_live_abcd"],
    ["sk_ABCDEFGHIJKLMNOPQRSTUVWXYZ01234567", "sk_ABCDEFGHI"],
    ["s3cret", "s3"],
  ])("shows %s as %s: never more than a third of a key", (secret, prefix) => {
    expect(keyPrefix(secret)).toBe(prefix);
  });

  it("notes a key's use once a minute at most", () => {
    expect(lastUseWorthRecording(null, 0)).toBe(true);
    expect(lastUseWorthRecording(1000, 60_999)).toBe(false);
    expect(lastUseWorthRecording(1000, 61_000)).toBe(true);
  });

  const keys = [key("old", 500), key("older", 300), key("current", null), key("gone", 100)];

  it.each([
    [
      "no kid: the current key, then the ones still in their window, newest first",
      undefined,
      200,
      ["current", "old", "older"],
    ],
    ["no kid, after one window closed", undefined, 300, ["current", "old"]],
    ["a kid names its key only", "old", 200, ["old"]],
    ["a kid of a key past its window names none", "gone", 200, []],
    ["an unknown kid names none", "nope", 200, []],
  ] as const)("%s", (_, kid, now, expected) => {
    expect(keysToTry(keys, kid, now).map((k) => k.kid)).toEqual(expected);
  });
});
