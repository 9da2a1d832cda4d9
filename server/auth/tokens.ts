import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, SignJWT } from "jose";
import type { z } from "zod";
import { type AdminTokenClaims, type TokenClaims as Claims, EncoreError, TokenClaims } from "../../protocol/index.js";
import { keysToTry, type VerificationKey } from "../domain/keys.js";

const encoder = new TextEncoder();

/** Signing keys kept imported: a few per shop, and a bound for a server of many shops. */
const KEYS_KEPT = 1000;
const imported = new Map<string, Promise<CryptoKey>>();

/**
 * A signing key as Web Crypto holds it, imported once. Given the raw secret, jose imports it on
 * every verification, and a room arriving at once verifies thousands of tokens of one key.
 */
function verificationKey(secret: string): Promise<CryptoKey> {
  const kept = imported.get(secret);
  if (kept) return kept;
  const key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "verify",
  ]);
  imported.set(secret, key);
  if (imported.size > KEYS_KEPT) imported.delete(imported.keys().next().value as string);
  return key;
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
  let alg: string | undefined;
  let kid: unknown;
  let shopId: unknown;
  try {
    ({ alg, kid } = decodeProtectedHeader(token));
    shopId = decodeJwt(token).shop;
  } catch {
    throw new EncoreError("token_invalid", "the token is not a JWT");
  }
  if (alg !== "HS256") throw new EncoreError("token_alg", `tokens must be signed with HS256, not ${alg ?? "nothing"}`);
  if (typeof shopId !== "string") throw new EncoreError("token_claims", "the token names no shop");
  if (kid !== undefined && typeof kid !== "string")
    throw new EncoreError("token_invalid", "the token's kid is no key id");
  const keys = await keysOf(shopId);
  if (keys.length === 0) throw new EncoreError("token_invalid", "the token names an unknown shop");
  const candidates = keysToTry(keys, kid, now);
  if (candidates.length === 0) {
    throw new EncoreError("token_invalid", "the token names a signing key this shop no longer accepts");
  }
  let payload: unknown;
  for (const key of candidates) {
    try {
      ({ payload } = await jwtVerify(token, await verificationKey(key.secret), {
        algorithms: ["HS256"],
        currentDate: new Date(now),
      }));
      break;
    } catch (error) {
      // another key of the shop may have signed it; any other failure means this key did
      if (error instanceof errors.JWSSignatureVerificationFailed) continue;
      if (error instanceof errors.JWTExpired) throw new EncoreError("token_expired", "the token has expired");
      // jose checks exp/nbf/iat only after the signature matched, so this is the shop's own claim
      if (error instanceof errors.JWTClaimValidationFailed) {
        throw new EncoreError("token_claims", `the token's claims are malformed: ${error.message}`);
      }
      throw new EncoreError("token_invalid", "the token's signature does not match its shop");
    }
  }
  if (payload === undefined) throw new EncoreError("token_invalid", "the token's signature does not match its shop");
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
