import type { FastifyInstance, FastifyRequest } from "fastify";
import { EncoreError } from "../../protocol/index.js";
import { apiKeyFor, noteApiKeyUsed } from "../services/api-keys.js";
import type { Context } from "../services/context.js";
import { requireShop, type Shop } from "../services/shops.js";

type UsedKey = NonNullable<Awaited<ReturnType<typeof apiKeyFor>>>;

/** The key each request authenticated with, for noting its use once the request has succeeded. */
const keyOfRequest = new WeakMap<FastifyRequest, UsedKey>();

/** Server-to-server calls carry one of the shop's live API keys as a bearer token. */
export function shopResolver(ctx: Context) {
  return async (request: FastifyRequest): Promise<Shop> => {
    const header = request.headers.authorization ?? "";
    const match = /^Bearer\s+(\S{1,200})$/.exec(header);
    if (!match?.[1]) throw new EncoreError("unauthorized", "send Authorization: Bearer <API key>");
    const key = await apiKeyFor(ctx.store.db, match[1], ctx.clock.now());
    if (!key) throw new EncoreError("unauthorized", "unknown or revoked API key");
    keyOfRequest.set(request, key);
    return requireShop(ctx.store.db, key.shop_id);
  };
}

/**
 * Notes each key's last use after a call it authenticated succeeded, before the answer leaves: a
 * refused call changes nothing (hostile-input's rule), and a caller that reads the key list next
 * sees the use.
 */
export function noteKeyUse(app: FastifyInstance, ctx: Context): void {
  app.addHook("onSend", async (request, reply, payload) => {
    const key = keyOfRequest.get(request);
    if (key && reply.statusCode < 400) await noteApiKeyUsed(ctx.store.db, key, ctx.clock.now());
    return payload;
  });
}
