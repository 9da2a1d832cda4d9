import { describe, expect, it } from "vitest";
import {
  ACCEPTED_TTL_MS,
  decideInvite,
  decideStage,
  INVITE_TTL_MS,
  isOpen,
  type SpotFacts,
  type StageAction,
} from "../../server/domain/stage.js";

const NOW = 1_800_000_000_000;
const spot = (over: Partial<SpotFacts> = {}): SpotFacts => ({
  viewerId: "amy",
  state: "invited",
  expiresAt: NOW + INVITE_TTL_MS,
  endedReason: null,
  ...over,
});

describe("one guest at a time", () => {
  it.each([
    ["no spot", null, "bob", { kind: "new" }],
    ["amy invited", spot(), "bob", { kind: "refused", code: "stage_busy" }],
    ["amy on stage", spot({ state: "on_stage", expiresAt: null }), "bob", { kind: "refused", code: "stage_busy" }],
    ["amy invited, tapped again", spot(), "amy", { kind: "same" }],
    ["amy's invitation lapsed", spot({ expiresAt: NOW }), "bob", { kind: "new" }],
    ["amy's spot ended", spot({ state: "ended", expiresAt: null, endedReason: "host" }), "bob", { kind: "new" }],
  ] as const)("%s, inviting %s", (_case, open, viewer, expected) => {
    expect(decideInvite(open, viewer, NOW)).toEqual(expected);
  });

  it("counts an accepted spot as open until its preview time runs out", () => {
    const accepted = spot({ state: "accepted", expiresAt: NOW + ACCEPTED_TTL_MS });
    expect(isOpen(accepted, NOW + ACCEPTED_TTL_MS - 1)).toBe(true);
    expect(isOpen(accepted, NOW + ACCEPTED_TTL_MS)).toBe(false);
  });
});

describe("a spot's life", () => {
  const cases: [string, SpotFacts | null, StageAction, ReturnType<typeof decideStage>][] = [
    ["no invitation: no token", null, "token", { kind: "refused", code: "stage_not_invited" }],
    ["no invitation: nothing to accept", null, "accept", { kind: "refused", code: "stage_not_invited" }],
    ["the host ends a spot that is not there", null, "end", { kind: "refused", code: "not_found" }],
    [
      "accepting an invitation",
      spot(),
      "accept",
      { kind: "move", state: "accepted", expiresAt: NOW + ACCEPTED_TTL_MS, endedReason: null },
    ],
    ["invited only: no publisher token", spot(), "token", { kind: "refused", code: "stage_not_invited" }],
    ["invited only: not on stage", spot(), "live", { kind: "refused", code: "stage_not_invited" }],
    ["declining", spot(), "decline", { kind: "move", state: "ended", expiresAt: null, endedReason: "declined" }],
    ["accepting too late", spot({ expiresAt: NOW - 1 }), "accept", { kind: "refused", code: "stage_invite_expired" }],
    ["a token too late", spot({ expiresAt: NOW }), "token", { kind: "refused", code: "stage_invite_expired" }],
    [
      "ending a lapsed invitation records the lapse",
      spot({ expiresAt: NOW - 1 }),
      "end",
      { kind: "move", state: "ended", expiresAt: null, endedReason: "expired" },
    ],
    ["accepted: a token", spot({ state: "accepted" }), "token", { kind: "same" }],
    [
      "accepted: on stage",
      spot({ state: "accepted" }),
      "live",
      { kind: "move", state: "on_stage", expiresAt: null, endedReason: null },
    ],
    ["on stage: a token", spot({ state: "on_stage", expiresAt: null }), "token", { kind: "same" }],
    ["on stage again: no change", spot({ state: "on_stage", expiresAt: null }), "live", { kind: "same" }],
    [
      "the host ends it",
      spot({ state: "on_stage", expiresAt: null }),
      "end",
      { kind: "move", state: "ended", expiresAt: null, endedReason: "host" },
    ],
    [
      "the guest steps down",
      spot({ state: "on_stage", expiresAt: null }),
      "leave",
      { kind: "move", state: "ended", expiresAt: null, endedReason: "guest" },
    ],
    [
      "after the end: renewal refused",
      spot({ state: "ended", expiresAt: null, endedReason: "host" }),
      "token",
      { kind: "refused", code: "stage_ended" },
    ],
    [
      "after the end: no going back on stage",
      spot({ state: "ended", expiresAt: null, endedReason: "host" }),
      "live",
      { kind: "refused", code: "stage_ended" },
    ],
    [
      "a lapsed spot is told as expired",
      spot({ state: "ended", expiresAt: null, endedReason: "expired" }),
      "accept",
      { kind: "refused", code: "stage_invite_expired" },
    ],
    [
      "ending twice changes nothing",
      spot({ state: "ended", expiresAt: null, endedReason: "host" }),
      "end",
      { kind: "same" },
    ],
  ];
  it.each(cases)("%s", (_case, facts, action, expected) => {
    expect(decideStage(facts, action, NOW)).toEqual(expected);
  });
});
