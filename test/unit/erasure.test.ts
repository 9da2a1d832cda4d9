import { describe, expect, it } from "vitest";
import { pseudonymFor, replaceIdPart, scrubJson, scrubJsonText } from "../../server/domain/erasure.js";

describe("pseudonymFor", () => {
  it("maps the same viewer to the same pseudonym, and anything else to another", () => {
    const one = pseudonymFor("salt", "shop_a", "amy");
    expect(one).toMatch(/^erased_[0-9a-f]{24}$/);
    expect(pseudonymFor("salt", "shop_a", "amy")).toBe(one);
    expect(pseudonymFor("salt", "shop_b", "amy")).not.toBe(one);
    expect(pseudonymFor("other salt", "shop_a", "amy")).not.toBe(one);
    expect(pseudonymFor("salt", "shop_a", "amy", 1)).not.toBe(one);
    // shop and id are kept apart: "shop_a"+"my" is not "shop_am"+"y"
    expect(pseudonymFor("salt", "shop_a", "my")).not.toBe(pseudonymFor("salt", "shop_am", "y"));
  });
});

describe("replaceIdPart", () => {
  it.each([
    ["watch:amy:3", "watch:P:3"],
    ["deal:ofr_1:amy", "deal:ofr_1:P"],
    ["amy", "P"],
    ["order:amy-2:earn", "order:amy-2:earn"],
    ["first_order:amyx", "first_order:amyx"],
    ["manual:key", "manual:key"],
  ])("%s → %s", (key, expected) => {
    expect(replaceIdPart(key, "amy", "P")).toBe(expected);
  });
});

describe("scrubJson", () => {
  it("re-keys the id, nulls the personal fields of objects about the viewer, and leaves others alone", () => {
    const body = {
      subscribers: [
        { viewerId: "amy", name: "Amy", since: 1 },
        { viewerId: "bob", name: "Bob", since: 2 },
      ],
      entries: ["bob", "amy"],
      coupon: { name: { en: "¥20 off" } },
    };
    expect(scrubJson(body, "amy", "P")).toEqual({
      subscribers: [
        { viewerId: "P", name: null, since: 1 },
        { viewerId: "bob", name: "Bob", since: 2 },
      ],
      entries: ["bob", "P"],
      coupon: { name: { en: "¥20 off" } },
    });
  });

  it("drops what staff typed only when asked", () => {
    const after = { viewerId: "amy", note: "her wedding", points: 3 };
    expect(scrubJson(after, "amy", "P")).toEqual({ viewerId: "P", note: "her wedding", points: 3 });
    expect(scrubJson(after, "amy", "P", { typed: true })).toEqual({ viewerId: "P", note: null, points: 3 });
  });

  it("reads stored text: null stays null, and text that is not JSON is only re-keyed", () => {
    expect(scrubJsonText(null, "amy", "P")).toBeNull();
    expect(scrubJsonText("watch:amy:1", "amy", "P")).toBe("watch:P:1");
    expect(scrubJsonText('["amy"]', "amy", "P")).toBe('["P"]');
  });
});
