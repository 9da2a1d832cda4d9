import { createHmac, timingSafeEqual } from "node:crypto";

/** The header a receiver checks: `t=<unix ms>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export const SIGNATURE_HEADER = "encore-signature";

export function signature(secret: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

/**
 * What a receiver does: recompute the MAC over the timestamp and the raw body, compare in
 * constant time, and refuse stale timestamps so a captured request cannot be replayed later.
 */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  now: number,
  toleranceMs = 5 * 60 * 1000,
): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const timestamp = Number(parts.t);
  const given = parts.v1;
  if (!Number.isSafeInteger(timestamp) || !given || Math.abs(now - timestamp) > toleranceMs) return false;
  const expected = signature(secret, timestamp, body).split("v1=")[1] ?? "";
  const a = Buffer.from(given, "hex");
  const b = Buffer.from(expected, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

export const FIRST_RETRY_MS = 10_000;
export const MAX_RETRY_MS = 3600_000;

/** Wait before the next attempt after `attempts` failed ones: 10 s, 20 s, 40 s … capped at an hour. */
export function retryDelay(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

/** Whether an endpoint takes an event: switched on, and asking for it (no list means every event). */
export function endpointWants(
  endpoint: { enabled: boolean; events: readonly string[] | null },
  event: string,
): boolean {
  return endpoint.enabled && (endpoint.events === null || endpoint.events.includes(event));
}
