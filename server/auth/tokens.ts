import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, SignJWT } from "jose";
import type { z } from "zod";
import { type AdminTokenClaims, type TokenClaims as Claims, EncoreError, TokenClaims } from "../../protocol/index.js";

const encoder = new TextEncoder();

/**
 * Verifies a viewer or host token against the secret of the shop it names.
 * Only HS256 is accepted; `alg: none` and every other algorithm are refused before any key
 * is looked at, so a token can never choose how it is checked.
 *
 * Refusals say what the shop backend has to fix: `token_invalid` for the signature (or a token
 * that is no JWT at all), `token_alg` for the algorithm, `token_expired` for a past `exp`, and
 * `token_claims` for every claim that is missing, malformed or not valid yet.
 */
export async function verifyToken<S extends z.ZodType = typeof TokenClaims>(
  token: string,
  secretOf: (shopId: string) => Promise<string | undefined>,
  now: number,
  /** the claims this kind of token must carry: a viewer's or host's by default, or an admin's */
  schema: S = TokenClaims as unknown as S,
): Promise<z.infer<S>> {
  let alg: string | undefined;
  let shopId: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
    shopId = decodeJwt(token).shop;
  } catch {
    throw new EncoreError("token_invalid", "the token is not a JWT");
  }
  if (alg !== "HS256") throw new EncoreError("token_alg", `tokens must be signed with HS256, not ${alg ?? "nothing"}`);
  if (typeof shopId !== "string") throw new EncoreError("token_claims", "the token names no shop");
  const secret = await secretOf(shopId);
  if (!secret) throw new EncoreError("token_invalid", "the token names an unknown shop");
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, encoder.encode(secret), {
      algorithms: ["HS256"],
      currentDate: new Date(now),
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new EncoreError("token_expired", "the token has expired");
    // jose checks exp/nbf/iat only after the signature matched, so this is the shop's own claim
    if (error instanceof errors.JWTClaimValidationFailed) {
      throw new EncoreError("token_claims", `the token's claims are malformed: ${error.message}`);
    }
    throw new EncoreError("token_invalid", "the token's signature does not match its shop");
  }
  const claims = schema.safeParse(payload);
  if (!claims.success) {
    const fields = claims.error.issues.map((i) => i.path.join(".")).join(", ");
    throw new EncoreError("token_claims", `the token's claims are missing or malformed: ${fields}`);
  }
  return claims.data;
}

/** What a shop backend does to let a viewer in; used by the demo, the CLI and the tests. */
export async function signToken(
  secret: string,
  claims: Omit<Claims, "exp"> | Omit<AdminTokenClaims, "exp">,
  expiresAt: number = Date.now() + 24 * 3600 * 1000,
): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setExpirationTime(Math.floor(expiresAt / 1000))
    .sign(encoder.encode(secret));
}
