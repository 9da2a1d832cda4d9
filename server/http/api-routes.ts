import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  HealthResponse,
  LedgerQuery,
  LedgerResponse,
  PointsAdjustBody,
  PointsAdjustResponse,
  RoomCreateBody,
  RoomList,
  RoomResponse,
  ShopConfig,
  ViewerParams,
  ViewerResponse,
} from "../../protocol/index.js";
import { toRoomState } from "../adapters.js";
import { adjustPoints } from "../services/adjust-points.js";
import type { Context } from "../services/context.js";
import { health } from "../services/health.js";
import { checkAutomationTemplates } from "../services/lifecycle/config.js";
import { createRoom, type Shop, saveConfig, shopRooms } from "../services/shops.js";
import { viewerLedger, viewerProfile } from "../services/viewer-view.js";
import { route } from "./route.js";

export function registerApiRoutes(
  app: FastifyInstance,
  ctx: Context,
  resolveShop: (request: FastifyRequest) => Promise<Shop>,
): void {
  const { clock } = ctx;
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
    url: "/v1/config",
    summary: "The shop's earning rules, tiers and member days",
    tags: ["shop"],
    auth: "shop",
    response: ShopConfig,
    handler: async ({ shop }) => shop.config,
  });

  route(app, resolveShop, {
    method: "PUT",
    url: "/v1/config",
    operationId: "setConfig",
    summary: "Replace the shop's configuration (validated whole)",
    tags: ["shop"],
    auth: "shop",
    body: ShopConfig,
    response: ShopConfig,
    handler: async ({ shop, body }) => {
      await checkAutomationTemplates(db, shop.id, body);
      await saveConfig(db, shop.id, body);
      return body;
    },
  });

  route(app, resolveShop, {
    method: "POST",
    url: "/v1/rooms",
    summary: "Create a live room",
    tags: ["shop"],
    auth: "shop",
    body: RoomCreateBody,
    response: RoomResponse,
    handler: async ({ shop, body }) => toRoomState(await createRoom(db, shop.id, body, clock.now())),
  });

  route(app, resolveShop, {
    method: "GET",
    url: "/v1/rooms",
    summary: "The shop's rooms",
    tags: ["shop"],
    auth: "shop",
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
    summary: "Adjust a viewer's points (idempotent on idempotencyKey)",
    tags: ["viewers"],
    auth: "shop",
    params: ViewerParams,
    body: PointsAdjustBody,
    response: PointsAdjustResponse,
    handler: ({ shop, params, body }) => adjustPoints(ctx, shop, params.viewerId, body),
  });
}
