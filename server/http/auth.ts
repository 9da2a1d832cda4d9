import { timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { EncoreError } from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import { type Shop, shopBySecret } from "../services/shops.js";

/** Server-to-server calls carry the shop secret as a bearer token. */
export function shopResolver(ctx: Context) {
  return async (request: FastifyRequest): Promise<Shop> => {
    const header = request.headers.authorization ?? "";
    const match = /^Bearer\s+(\S{1,200})$/.exec(header);
    if (!match?.[1]) throw new EncoreError("unauthorized", "send Authorization: Bearer <shop secret>");
    const secret = match[1];
    const shop = await shopBySecret(ctx.store.db, secret);
    // The lookup already matched; the constant-time compare keeps a future prefix index honest.
    if (!shop || !timingSafeEqual(Buffer.from(shop.secret), Buffer.from(secret))) {
      throw new EncoreError("unauthorized", "unknown shop secret");
    }
    return shop;
  };
}
