import type { FastifyInstance, FastifyReply } from "fastify";
import {
  ConfigPatchBody,
  DrawRecord,
  HealthResponse,
  LedgerQuery,
  LedgerResponse,
  OfferParams,
  PointsAdjustBody,
  PointsAdjustResponse,
  RoomCreateBody,
  RoomDetail,
  RoomList,
  RoomParams,
  RoomPatch,
  RoomResponse,
  ShopConfig,
  ViewerParams,
  ViewerResponse,
} from "../../protocol/index.js";
import { adjustPoints } from "../services/adjust-points.js";
import { currentConfig, patchConfig, replaceConfig, type VersionedConfig } from "../services/config.js";
import type { Context } from "../services/context.js";
import { health } from "../services/health.js";
import { drawRecord } from "../services/offers/draw-record.js";
import { createShopRoom, patchRoom, shopRoom } from "../services/rooms.js";
import { shopRooms } from "../services/shops.js";
import { viewerLedger, viewerProfile } from "../services/viewer-view.js";
import { configEtag, readIfMatch } from "./etag.js";
import { type Resolvers, route } from "./route.js";

/** The config in the body, its version in the ETag: what the next write names in If-Match. */
function sendConfig(reply: FastifyReply, versioned: VersionedConfig) {
  reply.header("etag", configEtag(versioned.version)).header("cache-control", "no-cache");
  return versioned.config;
}

export function registerApiRoutes(app: FastifyInstance, ctx: Context, resolveShop: Resolvers): void {
  const { db } = ctx.store;

  route(app, resolveShop, {
    method: "GET",
    url: "/health",
    summary: "Liveness and store reachability",
    tags: ["operations"],
    auth: "none",
    response: HealthResponse,
    handler: () => health(ctx),
  });

  route(app, resolveShop, {
    method: "GET",
    url: "/v1/offers/:id/draw",
    operationId: "getDraw",
    summary:
      "A lucky bag's draw, for anyone to check: seed and its commitment, entries (pseudonymous) and their hash, winners; 404 offer_not_found, 409 offer_not_draw (first come) or draw_none (not drawn yet)",
    tags: ["offers"],
    auth: "none",
    params: OfferParams,
    response: DrawRecord,
    handler: async ({ params }) => drawRecord(db, params.id),
  });

  route(app, resolveShop, {
    method: "GET",
    url: "/v1/config",
    summary: "The shop's earning rules, tiers and member days; the ETag names its version",
    tags: ["shop"],
    auth: "shop-or-session",
    response: ShopConfig,
    handler: async ({ shop, reply }) => sendConfig(reply, await currentConfig(ctx, shop.id)),
  });

  route(app, resolveShop, {
    method: "PUT",
    url: "/v1/config",
    operationId: "setConfig",
    summary:
      "Replace the shop's configuration (validated whole); with If-Match, only if unchanged since read (else 412)",
    tags: ["shop"],
    auth: "shop-or-session",
    body: ShopConfig,
    response: ShopConfig,
    handler: async ({ shop, body, request, reply, source }) =>
      sendConfig(reply, await replaceConfig(ctx, shop.id, body, readIfMatch(request.headers["if-match"]), source)),
  });

  route(app, resolveShop, {
    method: "PATCH",
    url: "/v1/config",
    summary:
      "Change part of the configuration (a JSON merge patch, validated whole); If-Match is required, and a stale one is 412 config_conflict",
    tags: ["shop"],
    auth: "shop-or-session",
    body: ConfigPatchBody,
    response: ShopConfig,
    handler: async ({ shop, body, request, reply, source }) =>
      sendConfig(reply, await patchConfig(ctx, shop.id, body, readIfMatch(request.headers["if-match"]), source)),
  });

  route(app, resolveShop, {
    method: "POST",
    url: "/v1/rooms",
    summary: "Create a live room (409 room_exists for an id already taken)",
    tags: ["shop"],
    auth: "shop-or-session",
    body: RoomCreateBody,
    response: RoomResponse,
    handler: async ({ shop, body, source }) => createShopRoom(ctx, shop.id, body, source),
  });

  route(app, resolveShop, {
    method: "PATCH",
    url: "/v1/rooms/:room",
    summary:
      "Rename a room or gate it to a tier (a fan-only live; minTier null opens it); its id stays, as it is in pages, links and platform mappings",
    tags: ["shop"],
    auth: "shop-or-session",
    params: RoomParams,
    body: RoomPatch,
    response: RoomResponse,
    handler: async ({ shop, params, body, source }) => patchRoom(ctx, shop.id, params.room, body, source),
  });

  route(app, resolveShop, {
    method: "GET",
    url: "/v1/rooms/:room",
    summary: "One of the shop's rooms, with the product featured in it now",
    tags: ["shop"],
    auth: "shop-or-session",
    params: RoomParams,
    response: RoomDetail,
    handler: async ({ shop, params }) => shopRoom(ctx, shop.id, params.room),
  });

  route(app, resolveShop, {
    method: "GET",
    url: "/v1/rooms",
    summary: "The shop's rooms",
    tags: ["shop"],
    auth: "shop-or-session",
    response: RoomList,
    handler: async ({ shop }) => ({ rooms: await shopRooms(db, shop.id) }),
  });

  route(app, resolveShop, {
    method: "GET",
    url: "/v1/viewers/:viewerId",
    summary: "A viewer's points, growth, tier, coupons and segments",
    tags: ["viewers"],
    auth: "shop",
    params: ViewerParams,
    response: ViewerResponse,
    handler: ({ shop, params }) => viewerProfile(ctx, shop, params.viewerId),
  });

  route(app, resolveShop, {
    method: "GET",
    url: "/v1/viewers/:viewerId/ledger",
    summary: "A viewer's ledger entries, newest first",
    tags: ["viewers"],
    auth: "shop",
    params: ViewerParams,
    query: LedgerQuery,
    response: LedgerResponse,
    handler: async ({ shop, params, query }) => ({
      entries: await viewerLedger(ctx, shop.id, params.viewerId, query.limit),
    }),
  });

  route(app, resolveShop, {
    method: "POST",
    url: "/v1/viewers/:viewerId/points",
    idempotentOn: { in: "body", name: "idempotencyKey" },
    operationId: "adjustViewerPoints",
    summary: "Adjust a viewer's points, with a note kept in the ledger (idempotent on idempotencyKey)",
    tags: ["viewers"],
    auth: "shop-or-session",
    params: ViewerParams,
    body: PointsAdjustBody,
    response: PointsAdjustResponse,
    handler: ({ shop, params, body, source }) => adjustPoints(ctx, shop, params.viewerId, body, source),
  });
}
