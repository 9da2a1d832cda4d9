import { createHmac, timingSafeEqual } from "node:crypto";
import { SignJWT } from "jose";
import type { z } from "zod";
import { type AdminTokenClaims, type TokenClaims as Claims, EncoreError, TokenClaims } from "../../protocol/index.js";
import { keysToTry, type VerificationKey } from "../domain/keys.js";

const encoder = new TextEncoder();

/**
 * Whether `secret` signed the token (HS256: HMAC-SHA-256 over `header.payload`), compared in
 * constant time. node:crypto's synchronous HMAC rather than Web Crypto's: the same primitive, but
 * a room arriving at once verifies thousands of tokens, and each asynchronous verification was a
 * job on the thread pool and a promise (0.4 ms of CPU a join, as much as the rest of admission).
 */
function signedWith(token: CompactToken, secret: string): boolean {
  const expected = createHmac("sha256", secret).update(token.signingInput).digest();
  return token.signature.length === expected.length && timingSafeEqual(token.signature, expected);
}

/** A compact JWS taken apart: its header and payload as JSON objects, its signature's bytes. */
interface CompactToken {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `header.payload` as sent, what the signature covers */
  signingInput: string;
  signature: Buffer;
}

/** base64url without padding, as RFC 7515 writes every part (a length of 4n + 1 is no encoding). */
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const isBase64url = (part: string) => BASE64URL.test(part) && part.length % 4 !== 1;

/** A part that must be base64url of a JSON object (the header, the payload); null when it is not. */
function jsonObject(part: string): Record<string, unknown> | null {
  if (part.length === 0 || !isBase64url(part)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * The token's three parts decoded strictly, without jose (its decoding was half of a join's
 * token cost): exactly three parts, each base64url without padding or stray characters, a header
 * and payload that are JSON objects. Anything else is no JWT: null. The signature may be empty
 * (an unsecured `alg: none` token), which the algorithm check then refuses as such.
 */
export function decodeCompact(token: string): CompactToken | null {
  const first = token.indexOf(".");
  const second = token.indexOf(".", first + 1);
  if (first < 0 || second < 0 || token.indexOf(".", second + 1) >= 0) return null;
  const header = jsonObject(token.slice(0, first));
  const payload = jsonObject(token.slice(first + 1, second));
  const signature = token.slice(second + 1);
  if (!header || !payload || !isBase64url(signature)) return null;
  return { header, payload, signingInput: token.slice(0, second), signature: Buffer.from(signature, "base64url") };
}

/**
 * The registered time claims, checked as jose's jwtVerify checked them (no clock tolerance): each
 * present one must be a number, `nbf` not in the future, `exp` not reached.
 */
function checkTimes(payload: Record<string, unknown>, now: number): void {
  const seconds = Math.floor(now / 1000);
  for (const claim of ["iat", "nbf", "exp"] as const) {
    if (payload[claim] !== undefined && typeof payload[claim] !== "number") {
      throw new EncoreError("token_claims", `the token's claims are malformed: "${claim}" claim must be a number`);
    }
  }
  if (typeof payload.nbf === "number" && payload.nbf > seconds) {
    throw new EncoreError("token_claims", `the token's claims are malformed: "nbf" claim timestamp check failed`);
  }
  if (typeof payload.exp === "number" && payload.exp <= seconds) {
    throw new EncoreError("token_expired", "the token has expired");
  }
}

/**
 * Verifies a viewer or host token against the signing keys of the shop it names: the one its
 * `kid` header names, or else the current key and then the keys still inside their rotation
 * window (domain/keys.ts). A key past its window verifies nothing: `token_invalid`, as a forgery.
 * Only HS256 is accepted; `alg: none` and every other algorithm are refused before any key
 * is looked at, so a token can never choose how it is checked.
 *
 * Refusals say what the shop backend has to fix: `token_invalid` for the signature (or a token
 * that is no JWT at all), `token_alg` for the algorithm, `token_expired` for a past `exp`, and
 * `token_claims` for every claim that is missing, malformed or not valid yet.
 */
export async function verifyToken<S extends z.ZodType = typeof TokenClaims>(
  token: string,
  /** the shop's signing keys (services/signing-keys.ts); none for an unknown shop */
  keysOf: (shopId: string) => Promise<readonly VerificationKey[]>,
  now: number,
  /** the claims this kind of token must carry: a viewer's or host's by default, or an admin's */
  schema: S = TokenClaims as unknown as S,
): Promise<z.infer<S>> {
  const decoded = decodeCompact(token);
  if (!decoded) throw new EncoreError("token_invalid", "the token is not a JWT");
  const { header, payload } = decoded;
  const { alg, kid } = header;
  const shopId = payload.shop;
  if (alg !== "HS256")
    throw new EncoreError(
      "token_alg",
      `tokens must be signed with HS256, not ${typeof alg === "string" ? alg : "nothing"}`,
    );
  // no extension the token could declare critical is understood here (jose refused them too)
  if (header.crit !== undefined || header.b64 !== undefined)
    throw new EncoreError("token_invalid", "the token uses header parameters this server does not support");
  if (typeof shopId !== "string") throw new EncoreError("token_claims", "the token names no shop");
  if (kid !== undefined && typeof kid !== "string")
    throw new EncoreError("token_invalid", "the token's kid is no key id");
  const keys = await keysOf(shopId);
  if (keys.length === 0) throw new EncoreError("token_invalid", "the token names an unknown shop");
  const candidates = keysToTry(keys, kid, now);
  if (candidates.length === 0) {
    throw new EncoreError("token_invalid", "the token names a signing key this shop no longer accepts");
  }
  // another key of the shop may have signed it; the claims are the shop's own only once one did
  if (!candidates.some((key) => signedWith(decoded, key.secret)))
    throw new EncoreError("token_invalid", "the token's signature does not match its shop");
  checkTimes(payload, now);
  const claims = schema.safeParse(payload);
  if (!claims.success) {
    const fields = claims.error.issues.map((i) => i.path.join(".")).join(", ");
    throw new EncoreError("token_claims", `the token's claims are missing or malformed: ${fields}`);
  }
  return claims.data;
}

/**
 * What a shop backend does to let a viewer in; used by the demo, the CLI and the tests. `kid`
 * names the signing key, so the server checks that one key (needed only once a shop rotates).
 */
export async function signToken(
  secret: string,
  claims: Omit<Claims, "exp"> | Omit<AdminTokenClaims, "exp">,
  expiresAt: number = Date.now() + 24 * 3600 * 1000,
  kid?: string,
): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT", ...(kid === undefined ? {} : { kid }) })
    .setExpirationTime(Math.floor(expiresAt / 1000))
    .sign(encoder.encode(secret));
}
