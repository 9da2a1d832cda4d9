import { describe, expect, it } from "vitest";
import {
  type ClaimDecision,
  claimsForBatch,
  decideClaimRound,
  type QueuedClaim,
  type RoundOffer,
} from "../../server/domain/claims.js";

const offer: RoundOffer = {
  id: "o1",
  status: "live",
  mode: "first_come",
  remaining: 2,
  endsAt: 10_000,
  minTierIndex: 1,
};
const claim = (viewerId: string, extra: Partial<QueuedClaim> = {}): QueuedClaim => ({
  offerId: "o1",
  viewerId,
  muted: false,
  taken: false,
  tierIndex: 2,
  ...extra,
});
const kinds = (decisions: ClaimDecision[]) =>
  decisions.map((d) => (d.kind === "refused" ? `refused:${d.reason}` : d.kind));

describe("decideClaimRound", () => {
  it.each<[string, Partial<RoundOffer>, QueuedClaim[], number, string[]]>([
    ["two claims for two coupons", {}, [claim("a"), claim("b")], 0, ["candidate", "candidate"]],
    [
      "the third waits until the first two know",
      {},
      [claim("a"), claim("b"), claim("c")],
      0,
      ["candidate", "candidate", "later"],
    ],
    ["a viewer's second claim waits too", {}, [claim("a"), claim("a")], 0, ["candidate", "later"]],
    [
      "the first claim with nothing left hears so",
      { remaining: 0 },
      [claim("a"), claim("b")],
      0,
      ["refused:sold_out", "refused:sold_out"],
    ],
    [
      "a claim on an offer that already ended",
      {},
      [claim("a", { offerId: "o0" }), claim("b")],
      0,
      ["refused:offer_ended", "candidate"],
    ],
    [
      "a viewer who won before",
      {},
      [claim("a", { taken: true }), claim("b")],
      0,
      ["refused:already_claimed", "candidate"],
    ],
    ["a muted viewer", {}, [claim("a", { muted: true })], 0, ["refused:muted"]],
    [
      "a tier below the offer's",
      {},
      [claim("a", { tierIndex: 0 }), claim("b")],
      0,
      ["refused:tier_too_low", "candidate"],
    ],
    ["after the end time", {}, [claim("a")], 10_000, ["refused:offer_ended"]],
    ["a sold-out offer", { status: "sold_out", remaining: 0 }, [claim("a")], 0, ["refused:sold_out"]],
    ["lucky-bag entries", { mode: "draw" }, [claim("a"), claim("b"), claim("c")], 0, ["entered", "entered", "entered"]],
    [
      "a second entry in one round",
      { mode: "draw" },
      [claim("a"), claim("a")],
      0,
      ["entered", "refused:already_claimed"],
    ],
    ["a lucky bag that ended", { mode: "draw", status: "ended" }, [claim("a")], 0, ["refused:offer_ended"]],
  ])("%s", (_name, changes, claims, now, expected) => {
    expect(kinds(decideClaimRound({ ...offer, ...changes }, claims, now))).toEqual(expected);
  });
});

describe("claimsForBatch", () => {
  it.each<[string, "first_come" | "draw", number, number, number]>([
    ["a first-come batch takes twice the stock left", "first_come", 100, 10_000, 200],
    ["and never fewer than 64, refusals free places", "first_come", 3, 10_000, 64],
    ["all of a small queue", "first_come", 100, 40, 40],
    ["sold out: still 64, answered from memory", "first_come", 0, 500, 64],
    ["a lucky bag takes every claim", "draw", 5, 10_000, 10_000],
  ])("%s", (_name, mode, remaining, queued, expected) => {
    expect(claimsForBatch(mode, remaining, queued)).toBe(expected);
  });
});
