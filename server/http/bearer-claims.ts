import type { FastifyRequest } from "fastify";
import { EncoreError, type TokenClaims } from "../../protocol/index.js";
import { verifyToken } from "../auth/tokens.js";
import type { Context } from "../services/context.js";
import { keysAt } from "../services/signing-keys.js";

/**
 * The browser's own credential: the viewer's or host's Encore JWT, as a bearer token; null when
 * none was sent (a guest). A credential that is present must be genuine: a bad token is refused
 * as the socket refuses it, never downgraded to a guest.
 */
export async function bearerClaims(request: FastifyRequest, ctx: Context): Promise<TokenClaims | null> {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S{1,4096})$/.exec(header);
  if (!match?.[1]) throw new EncoreError("unauthorized", "send Authorization: Bearer <viewer or host token>, or none");
  return verifyToken(match[1], keysAt(ctx.store.db, ctx.clock.now()), ctx.clock.now());
}
