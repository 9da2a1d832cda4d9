import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  ExperimentInput,
  ExperimentList,
  ExperimentParams,
  ExperimentView,
  Insight,
  InsightQuery,
} from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import { experimentView, experimentViews, startExperiment, stopExperiment } from "../services/experiments.js";
import { insight } from "../services/insight.js";
import { requireShopRoom, type Shop } from "../services/shops.js";
import { route } from "./route.js";

/** The dashboard's data and the shop's experiments, for the shop's own backend (the console uses the host socket). */
export function registerInsightRoutes(
  app: FastifyInstance,
  ctx: Context,
  resolveShop: (request: FastifyRequest) => Promise<Shop>,
): void {
  const { db } = ctx.store;

  route(app, resolveShop, {
    method: "GET",
    url: "/v1/insight",
    summary: "The dashboard: this live of a room, the shop over time, and every experiment with its results",
    tags: ["insight"],
    auth: "shop",
    query: InsightQuery,
    response: Insight,
    handler: async ({ shop, query }) => {
      const room = await requireShopRoom(db, shop.id, query.room);
      return insight(ctx, shop, room.id);
    },
  });

  route(app, resolveShop, {
    method: "GET",
    url: "/v1/experiments",
    summary: "Every experiment of the shop, newest first, with results per arm",
    tags: ["insight"],
    auth: "shop",
    response: ExperimentList,
    handler: async ({ shop }) => ({
      experiments: await experimentViews(db, shop.id),
    }),
  });

  route(app, resolveShop, {
    method: "POST",
    url: "/v1/experiments",
    summary: "Start an experiment on an incentive (deal coupon, watch rate or first-order coupon)",
    tags: ["insight"],
    auth: "shop",
    body: ExperimentInput,
    response: ExperimentView,
    handler: async ({ shop, body }) => startExperiment(ctx, shop, body),
  });

  route(app, resolveShop, {
    method: "GET",
    url: "/v1/experiments/:experimentId",
    summary: "One experiment with its results per arm and the comparisons with the first arm",
    tags: ["insight"],
    auth: "shop",
    params: ExperimentParams,
    response: ExperimentView,
    handler: async ({ shop, params }) => experimentView(db, shop.id, params.experimentId),
  });

  route(app, resolveShop, {
    method: "POST",
    url: "/v1/experiments/:experimentId/stop",
    summary: "Stop assigning viewers; the experiment and its results stay",
    tags: ["insight"],
    auth: "shop",
    params: ExperimentParams,
    response: ExperimentView,
    handler: async ({ shop, params }) => stopExperiment(ctx, shop, params.experimentId),
  });
}
