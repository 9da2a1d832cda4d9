import { createHash, timingSafeEqual } from "node:crypto";
import type { ApiKeyState } from "../../protocol/index.js";

/*
 * The rules of a shop's keys, without I/O: how a key is recognised, when it works, and which
 * signing keys a token is tried against.
 */

/** The sha256 of an API key, hex: what is stored and looked up, never the key. */
export const hashApiKey = (key: string): string => createHash("sha256").update(key).digest("hex");

/** Compares two hashes in constant time, so a near miss and a far miss take as long. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * What a list shows of a key: at most 12 characters and never more than a third of it, so a key
 * is recognised by it and a short one (a test's, an old shop's) is not shown whole.
 */
export const keyPrefix = (key: string): string => key.slice(0, Math.min(12, Math.floor(key.length / 3)));

/** Live until revoked; a rotated key is expiring while its grace runs and revoked after. */
export function apiKeyState(revokedAt: number | null, now: number): ApiKeyState {
  if (revokedAt === null) return "live";
  return revokedAt > now ? "expiring" : "revoked";
}

export const apiKeyWorks = (revokedAt: number | null, now: number): boolean =>
  apiKeyState(revokedAt, now) !== "revoked";

/**
 * "Last used" is kept to the minute: writing it on every call would put a write on every read
 * of the shop API (a checkout, a balance), for a date a person reads in a list.
 */
export const LAST_USED_RESOLUTION_MS = 60_000;

export const lastUseWorthRecording = (lastUsedAt: number | null, now: number): boolean =>
  lastUsedAt === null || now - lastUsedAt >= LAST_USED_RESOLUTION_MS;

export interface VerificationKey {
  kid: string;
  secret: string;
  /** null for the shop's current key */
  retiresAt: number | null;
}

/**
 * The keys a token is checked against, in order. A token that names its key (`kid`) is checked
 * against that key only, and against none once it has retired; one that names none is tried
 * against the current key first, then the ones still inside their rotation window, newest first.
 */
export function keysToTry(keys: readonly VerificationKey[], kid: string | undefined, now: number): VerificationKey[] {
  const verifying = keys.filter((key) => key.retiresAt === null || key.retiresAt > now);
  if (kid !== undefined) return verifying.filter((key) => key.kid === kid);
  const current = verifying.filter((key) => key.retiresAt === null);
  const previous = verifying
    .filter((key) => key.retiresAt !== null)
    .sort((a, b) => (b.retiresAt ?? 0) - (a.retiresAt ?? 0));
  return [...current, ...previous];
}
