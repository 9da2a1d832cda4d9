import { createHash, createHmac } from "node:crypto";
import { drawWinners } from "./offers.js";

/**
 * What makes a lucky-bag draw checkable by anyone (commit-reveal). When the offer starts, the
 * SHA-256 of its secret seed is published; at the draw the seed is revealed with the entries
 * and the winners. Anyone can then hash the seed against the commitment, hash the entries, and
 * run `drawWinners` again: a seed chosen after the entries were seen would not match.
 */

/** The name a draw record gives its algorithm; a changed algorithm gets a new name. */
export const DRAW_ALGORITHM = "encore-draw-v1";

/** The words behind DRAW_ALGORITHM, for whoever reimplements the check. */
export const DRAW_ALGORITHM_TEXT =
  "partial Fisher-Yates over the entries in arrival order; position i swaps with i + u(n - i), where u(b) takes HMAC-SHA256(key = seed bytes, message = decimal counter from 0) and reads its first 4 bytes big-endian, retrying values >= 2^32 - (2^32 mod b), then mod b; the first min(stock, n) positions win, in draw order";

const sha256Hex = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

/** The published commitment to a seed: SHA-256 of its bytes, hex. */
export function seedCommitment(seedHex: string): string {
  return sha256Hex(Buffer.from(seedHex, "hex"));
}

/**
 * An entrant's name in one offer's public record: the same viewer is someone else in the next
 * offer, and without the unpublished key nobody can tell whose name it is.
 */
export function entrantPseudonym(entrantKeyHex: string, viewerId: string): string {
  return `e-${createHmac("sha256", Buffer.from(entrantKeyHex, "hex")).update(viewerId).digest("hex").slice(0, 12)}`;
}

/** The canonical entries list is their JSON array (no spaces), in arrival order; its SHA-256, hex. */
export function entriesHash(entries: readonly string[]): string {
  return sha256Hex(JSON.stringify(entries));
}

/** What a draw record states, as the verifier reads it. */
export interface DrawClaims {
  algorithm: string;
  seedCommitment: string;
  seed: string;
  stock: number;
  entriesHash: string;
  entries: readonly string[];
  winners: readonly string[];
}

/** Each way a record can fail its own check, in the order they are checked. */
export type DrawProblem = "algorithm" | "seed_commitment" | "entries_hash" | "winners";

/** Empty when the record checks: the seed matches its commitment, the entries their hash, and the winners the draw. */
export function checkDraw(record: DrawClaims): DrawProblem[] {
  if (record.algorithm !== DRAW_ALGORITHM) return ["algorithm"];
  const problems: DrawProblem[] = [];
  if (!/^[0-9a-f]{64}$/.test(record.seed) || seedCommitment(record.seed) !== record.seedCommitment)
    problems.push("seed_commitment");
  if (entriesHash(record.entries) !== record.entriesHash) problems.push("entries_hash");
  const again = drawWinners(record.entries, record.stock, Buffer.from(record.seed, "hex"));
  if (JSON.stringify(again) !== JSON.stringify(record.winners)) problems.push("winners");
  return problems;
}
