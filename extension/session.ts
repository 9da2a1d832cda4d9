import type { ErrorCode } from "../protocol/errors.js";
import { ExtensionSignIn } from "../protocol/extension.js";

/** What the extension keeps beside the token: where the popup joins, and where the token is renewed. */
export interface Session {
  /** the room the popup joins to show the viewer's points, coupons and inbox */
  room: string;
  /** the shop's renewal endpoint, on the origin that signed the viewer in */
  renew: string;
}

/** The browser's origin of a URL, or null when it has none (a malformed or opaque one). */
function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const origin = new URL(value).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/**
 * A sign-in message from a web page, accepted only from one of the shop's origins (fixed at build
 * time) and only in the protocol's shape, with its renewal URL on that same origin: a page
 * elsewhere, or one pointing renewals at another host, gets the token nowhere. null means
 * ignored. The manifest's `externally_connectable` already keeps other sites from sending; this
 * is the check that holds even if that list is ever wider than the shop's origins.
 */
export function acceptSignIn(
  message: unknown,
  senderOrigin: string | undefined,
  shopOrigins: readonly string[],
): ({ token: string } & Session) | null {
  const sender = originOf(senderOrigin);
  if (!sender || !shopOrigins.some((shop) => originOf(shop) === sender)) return null;
  const parsed = ExtensionSignIn.safeParse(message);
  if (!parsed.success || originOf(parsed.data.renew) !== sender) return null;
  return { token: parsed.data.token, room: parsed.data.room, renew: parsed.data.renew };
}

/** renewal never comes closer to expiry than this: time for a slow network and a retry */
const MIN_LEAD_MS = 60_000;
/** nor earlier than this before it: a day-long token is renewed in its last half hour */
const MAX_LEAD_MS = 30 * 60_000;
/** the part of a token's life left when it is renewed */
const LEAD_SHARE = 0.2;

/** A JWT's numeric claims (exp, iat), read without checking the signature: the server checks it. */
function timeClaims(token: string): { exp: number | null; iat: number | null } {
  try {
    const base64 = (token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(atob(base64)) as { exp?: unknown; iat?: unknown };
    const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value * 1000 : null);
    return { exp: num(claims.exp), iat: num(claims.iat) };
  } catch {
    return { exp: null, iat: null };
  }
}

/**
 * When to renew a token the extension received at `receivedAtMs`: a fifth of its life before it
 * expires (its life counted from its `iat`, else from when it arrived), at least a minute and at
 * most half an hour before; at once when that moment has passed. null for a token that never
 * expires, or one whose expiry cannot be read (the server will refuse it, and the popup asks to
 * sign in again).
 */
export function renewAt(token: string, receivedAtMs: number): number | null {
  const { exp, iat } = timeClaims(token);
  if (exp === null) return null;
  const life = Math.max(0, exp - (iat ?? receivedAtMs));
  const lead = Math.min(MAX_LEAD_MS, Math.max(MIN_LEAD_MS, life * LEAD_SHARE));
  return Math.max(receivedAtMs, exp - lead);
}

/** The server's refusals of a token that mean the viewer must sign in again, as the widget's "log in again". */
export const SIGN_IN_AGAIN: readonly string[] = [
  "token_invalid",
  "token_expired",
  "token_alg",
  "token_claims",
  "wrong_shop",
] satisfies ErrorCode[];
