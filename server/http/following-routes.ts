import type { FastifyInstance, FastifyRequest } from "fastify";
import { EncoreError, FollowingResponse, RoomParams } from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import { viewerFollowing } from "../services/following.js";
import { getShop, requireRoom, type Shop } from "../services/shops.js";
import { bearerClaims } from "./bearer-claims.js";
import { route } from "./route.js";

/**
 * The rooms a viewer follows, for the browser extension's popup and its go-live notifications.
 * Only a signed-in viewer has rooms to follow; a token of another shop learns nothing of this one.
 */
export function registerFollowingRoutes(
  app: FastifyInstance,
  ctx: Context,
  resolveShop: (request: FastifyRequest) => Promise<Shop>,
): void {
  route(app, resolveShop, {
    method: "GET",
    url: "/v1/rooms/:room/following",
    summary:
      "The rooms the viewer follows (Bearer: the viewer's token; :room the room they signed in from): the room they signed in from and the rooms they asked to be reminded of, each live or not, with its reminder switch and its public page; and when the shop's quiet hours end if they are on now. 403 guest without a token, wrong_shop for another shop's",
    tags: ["viewers"],
    auth: "none",
    viewerToken: "required",
    params: RoomParams,
    response: FollowingResponse,
    handler: async ({ params, request }) => {
      const claims = await bearerClaims(request, ctx);
      if (!claims) throw new EncoreError("guest", "a guest follows no rooms: sign in");
      const room = await requireRoom(ctx.store.db, params.room);
      if (room.shop_id !== claims.shop) throw new EncoreError("wrong_shop", "the token belongs to another shop");
      const shop = await getShop(ctx.store.db, claims.shop);
      if (!shop) throw new EncoreError("wrong_shop", "the token's shop is gone");
      return viewerFollowing(ctx, shop, room.id, claims.sub);
    },
  });
}
