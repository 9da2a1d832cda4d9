import { describe, expect, it } from "vitest";
import { originAllowed } from "../../server/domain/origins.js";
import { chooseCoding } from "../../server/http/content-coding.js";
import { isContentHashed } from "../../server/http/widget-files.js";

describe("the content coding answered to Accept-Encoding", () => {
  it.each([
    [undefined, "identity"],
    ["", "identity"],
    ["gzip, deflate, br", "br"],
    ["gzip, deflate, br, zstd", "br"],
    ["gzip", "gzip"],
    ["br;q=0, gzip", "gzip"],
    ["gzip;q=0.5, br;q=0.4", "gzip"],
    ["GZIP", "gzip"],
    ["*", "br"],
    ["*;q=0, gzip;q=0", "identity"],
    ["identity", "identity"],
    ["deflate", "identity"],
  ] as const)("%s → %s", (header, coding) => {
    expect(chooseCoding(header)).toBe(coding);
  });
});

describe("which file names carry a content hash", () => {
  it.each([
    ["encore-h_9YFvi6.js", true],
    ["AgoraRTC_N-production-Cj1tAIkE.js", true],
    ["chunks/rolldown-runtime-CYdcPHCu.js", true],
    ["panel.Qx_7-kLm.mjs", true],
    ["styles-0a1b2c3d.css", true],
    ["encore.js", false],
    ["encore-agora.mjs", false],
    ["agora-rtc-sdk-ng.js", false],
    ["host.js", false],
    // eight letters, but a word: a hash has a digit or a capital
    ["panel-checkout.mjs", false],
    ["encore-h_9YFvi.js", false],
  ] as const)("%s → %s", (name, hashed) => {
    expect(isContentHashed(name)).toBe(hashed);
  });
});

describe("which pages may use a shop's widget", () => {
  it.each([
    ["https://any.example", [], true],
    ["https://shop.example", ["https://shop.example"], true],
    ["https://shop.example", ["https://Shop.Example:443"], true],
    ["http://shop.example", ["https://shop.example"], false],
    ["https://shop.example:8443", ["https://shop.example"], false],
    ["https://evil.example", ["https://shop.example"], false],
    ["null", ["https://shop.example"], false],
    ["not an origin", ["https://shop.example"], false],
    // the shop's extension popup, named by its id; another extension is not it
    [
      "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
      ["chrome-extension://abcdefghijklmnopabcdefghijklmnop"],
      true,
    ],
    [
      "chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba",
      ["chrome-extension://abcdefghijklmnopabcdefghijklmnop"],
      false,
    ],
    ["chrome-extension://abcdefghijklmnopabcdefghijklmnop", ["https://shop.example"], false],
  ] as const)("%s with %j → %s", (origin, allowed, ok) => {
    expect(originAllowed(origin, allowed)).toBe(ok);
  });
});
