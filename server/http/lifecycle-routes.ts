import type { FastifyInstance, FastifyRequest } from "fastify";
import { ContactBody, InboxStateResponse, TouchesQuery, TouchesResponse, ViewerParams } from "../../protocol/index.js";
import { toTouchRecord } from "../adapters.js";
import type { Context } from "../services/context.js";
import { setContactOptOut } from "../services/inbox.js";
import type { Shop } from "../services/shops.js";
import { viewerTouches } from "../store/lifecycle.js";
import { route } from "./route.js";

/** The shop API's side of the automations between lives: a viewer's touches and their opt-out. */
export function registerLifecycleRoutes(
  app: FastifyInstance,
  ctx: Context,
  resolveShop: (request: FastifyRequest) => Promise<Shop>,
): void {
  route(app, resolveShop, {
    method: "GET",
    url: "/v1/viewers/:viewerId/touches",
    summary: "A viewer's touches between lives, whatever became of each (sent, held, held out…), newest first",
    tags: ["viewers"],
    auth: "shop",
    params: ViewerParams,
    query: TouchesQuery,
    response: TouchesResponse,
    handler: async ({ shop, params, query }) => ({
      touches: (await viewerTouches(ctx.store.db, shop.id, params.viewerId, query.limit)).map(toTouchRecord),
    }),
  });

  route(app, resolveShop, {
    method: "PUT",
    url: "/v1/viewers/:viewerId/contact",
    summary: "Turn touches between lives off (optOut: true) or back on for a viewer; every automation honours it",
    tags: ["viewers"],
    auth: "shop",
    params: ViewerParams,
    body: ContactBody,
    response: InboxStateResponse,
    handler: ({ shop, params, body }) => setContactOptOut(ctx, shop, params.viewerId, body.optOut),
  });
}
