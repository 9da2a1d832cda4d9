import { createHmac, timingSafeEqual } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
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
function signedWith(token: string, secret: string): boolean {
  const dot = token.lastIndexOf(".");
  const signature = Buffer.from(token.slice(dot + 1), "base64url");
  const expected = createHmac("sha256", secret).update(token.slice(0, dot)).digest();
  return signature.length === expected.length && timingSafeEqual(signature, expected);
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
  let header: ReturnType<typeof decodeProtectedHeader>;
  let payload: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token);
    payload = decodeJwt(token);
  } catch {
    throw new EncoreError("token_invalid", "the token is not a JWT");
  }
  const { alg, kid } = header;
  const shopId = payload.shop;
  if (alg !== "HS256") throw new EncoreError("token_alg", `tokens must be signed with HS256, not ${alg ?? "nothing"}`);
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
  if (!candidates.some((key) => signedWith(token, key.secret)))
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
