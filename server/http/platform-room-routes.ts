import type { FastifyInstance } from "fastify";
import {
  PlatformLookupQuery,
  PlatformLookupResponse,
  PlatformRoomBody,
  PlatformRoomList,
  PlatformRoomParams,
  PlatformRoomUnmapped,
  PlatformRoomView,
} from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import {
  lookupPlatformRoom,
  mapPlatformRoom,
  shopPlatformRooms,
  unmapPlatformRoom,
} from "../services/platform-rooms.js";
import { type Resolvers, route } from "./route.js";

/** The shop maps its rooms on the live platforms to Encore rooms; the browser extension looks them up. */
export function registerPlatformRoomRoutes(app: FastifyInstance, ctx: Context, resolvers: Resolvers): void {
  const { db } = ctx.store;

  route(app, resolvers, {
    method: "PUT",
    url: "/v1/platform-rooms",
    summary:
      "Show one of the shop's rooms on a platform's live room (Douyin, Taobao Live, TikTok LIVE, Kuaishou, YouTube, Twitch, Bilibili) through the browser extension; mapping it again points it at another room (409 platform_room_taken when another shop mapped it)",
    tags: ["platform rooms"],
    auth: "shop-or-session",
    body: PlatformRoomBody,
    response: PlatformRoomView,
    handler: ({ shop, body, source }) => mapPlatformRoom(ctx, shop.id, body, source),
  });

  route(app, resolvers, {
    method: "GET",
    url: "/v1/platform-rooms",
    summary: "The shop's platform rooms and the room each shows",
    tags: ["platform rooms"],
    auth: "shop-or-session",
    response: PlatformRoomList,
    handler: async ({ shop }) => ({ platformRooms: await shopPlatformRooms(db, shop.id) }),
  });

  route(app, resolvers, {
    method: "DELETE",
    url: "/v1/platform-rooms/:platform/:platformRoomId",
    summary:
      "Stop showing the shop's program on a platform room: the extension shows nothing there from its next lookup (404 platform_room_not_found when the shop has not mapped it)",
    tags: ["platform rooms"],
    auth: "shop-or-session",
    params: PlatformRoomParams,
    response: PlatformRoomUnmapped,
    handler: ({ shop, params, source }) => unmapPlatformRoom(ctx, shop.id, params, source),
  });

  route(app, resolvers, {
    method: "GET",
    url: "/v1/platform-rooms/lookup",
    summary:
      "For the browser extension on a platform's live room: which shop's room it shows (404 platform_room_not_found when none); any page may ask, and the answer is only the mapping",
    tags: ["platform rooms"],
    auth: "none",
    query: PlatformLookupQuery,
    response: PlatformLookupResponse,
    handler: ({ query }) => lookupPlatformRoom(db, query),
  });
}
