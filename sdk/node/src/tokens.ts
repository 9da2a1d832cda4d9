import { createHmac } from "node:crypto";

/** What a viewer token says: the same claims the server verifies (HS256, the shop's signing key). */
export interface ViewerClaims {
  /** the viewer's id in your shop (or the host's) */
  sub: string;
  /** your shop id */
  shop: string;
  role?: "viewer" | "host";
  /** shown in the room; 1–40 characters */
  name?: string;
  /** "MM-DD", for the birthday coupon */
  birthday?: string;
}

export interface SignOptions {
  /** seconds the token lives (default 3600) */
  expiresInSeconds?: number;
  /** epoch ms to count from (default now) */
  now?: number;
  /**
   * the signing key's id (`kid`, from POST /v1/signing-keys/rotate): the server then checks that
   * key only. Without it the server tries the shop's current key, then the one it replaced.
   */
  kid?: string;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/**
 * Signs the JWT a page gives the widget (`data-token`, `Encore.setToken`) or a route's bearer.
 * HS256 only, with the shop's signing key (its secret until the key is rotated): the server
 * refuses any other algorithm.
 */
export function signViewerToken(secret: string, claims: ViewerClaims, options: SignOptions = {}): string {
  const now = options.now ?? Date.now();
  const exp = Math.floor(now / 1000) + (options.expiresInSeconds ?? 3600);
  const header = base64url(
    JSON.stringify({ alg: "HS256", typ: "JWT", ...(options.kid === undefined ? {} : { kid: options.kid }) }),
  );
  const payload = base64url(JSON.stringify({ role: "viewer", ...claims, exp }));
  const mac = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  return `${header}.${payload}.${base64url(mac)}`;
}
