import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../protocol/index.js";
import {
  checkDraw,
  DRAW_ALGORITHM,
  entrantPseudonym,
  entriesHash,
  seedCommitment,
} from "../../server/domain/draw-proof.js";
import { drawWinners } from "../../server/domain/offers.js";
import { gateIndex, isGatedOut } from "../../server/domain/room-gate.js";

const seed = "11".repeat(32);
const entries = ["e-a", "e-b", "e-c", "e-d", "e-e", "e-f"];
const record = () => {
  const winners = drawWinners(entries, 3, Buffer.from(seed, "hex"));
  return {
    algorithm: DRAW_ALGORITHM,
    seedCommitment: seedCommitment(seed),
    seed,
    stock: 3,
    entriesHash: entriesHash(entries),
    entries,
    winners,
  };
};

describe("draw proofs", () => {
  it("commits to the seed's bytes with SHA-256", () => {
    expect(seedCommitment(seed)).toBe(createHash("sha256").update(Buffer.alloc(32, 0x11)).digest("hex"));
    expect(seedCommitment("22".repeat(32))).not.toBe(seedCommitment(seed));
  });

  it("hashes the entries as their JSON array, so order and content both count", () => {
    expect(entriesHash(entries)).toBe(createHash("sha256").update(JSON.stringify(entries)).digest("hex"));
    expect(entriesHash([...entries].reverse())).not.toBe(entriesHash(entries));
  });

  it("names an entrant the same within an offer and differently under another offer's key", () => {
    const key = "aa".repeat(32);
    expect(entrantPseudonym(key, "amy")).toBe(entrantPseudonym(key, "amy"));
    expect(entrantPseudonym(key, "amy")).toMatch(/^e-[0-9a-f]{12}$/);
    expect(entrantPseudonym(key, "amy")).not.toBe(entrantPseudonym(key, "bo"));
    expect(entrantPseudonym("bb".repeat(32), "amy")).not.toBe(entrantPseudonym(key, "amy"));
  });

  it("draws the same winners from the same seed and entries, every time", () => {
    const once = drawWinners(entries, 3, Buffer.from(seed, "hex"));
    for (let i = 0; i < 5; i++) expect(drawWinners(entries, 3, Buffer.from(seed, "hex"))).toEqual(once);
    expect(new Set(once).size).toBe(3);
  });

  it.each([
    ["an honest record", {}, []],
    ["an unknown algorithm", { algorithm: "other" }, ["algorithm"]],
    ["a seed that is not the committed one", { seed: "22".repeat(32) }, ["seed_commitment", "winners"]],
    ["a seed that is not hex", { seed: "zz" }, ["seed_commitment", "winners"]],
    ["an entry dropped", { entries: entries.slice(1) }, ["entries_hash", "winners"]],
    ["another winner", { winners: ["e-a", "e-b", "e-c"] }, ["winners"]],
    ["a stock that is not the offer's", { stock: 2 }, ["winners"]],
  ])("checks %s", (_name, change, problems) => {
    expect(checkDraw({ ...record(), ...change })).toEqual(problems);
  });
});

describe("fan-only rooms", () => {
  const tiers = DEFAULT_CONFIG.tiers;
  it.each([
    [null, 0, false],
    ["fan", 0, false],
    ["silver", 0, true],
    ["silver", 499, true],
    ["silver", 500, false],
    ["gold", 1_999, true],
    ["gold", 8_000, false],
    // a gate naming a tier the shop no longer has opens the room rather than shutting everyone out
    ["platinum", 0, false],
  ])("gate %s with growth %i: gated out %s", (minTier, growth, gated) => {
    expect(isGatedOut(minTier, growth, tiers)).toBe(gated);
  });

  it("gives the gate's tier index, -1 when open", () => {
    expect(gateIndex(null, tiers)).toBe(-1);
    expect(gateIndex("gold", tiers)).toBe(2);
  });
});
