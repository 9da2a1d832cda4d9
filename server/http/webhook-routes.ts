import type { FastifyInstance } from "fastify";
import {
  DeliveriesQuery,
  DeliveriesResponse,
  WebhookBody,
  WebhookEndpointCreateBody,
  WebhookEndpointDeleted,
  WebhookEndpointList,
  WebhookEndpointParams,
  WebhookEndpointPatchBody,
  WebhookEndpointView,
  WebhookMessageParams,
  WebhookMessageRetried,
  WebhookResponse,
} from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import {
  createEndpoint,
  firstEndpoint,
  listShopEndpoints,
  patchEndpoint,
  putFirstEndpoint,
  removeEndpoint,
  resendMessage,
} from "../services/webhook-endpoints.js";
import { webhookDeliveries } from "../services/webhook-log.js";
import type { WebhookTargetPolicy } from "../services/webhook-targets.js";
import { type Resolvers, route } from "./route.js";

/** The shop's webhook endpoints, the delivery log and "send again": the API's and the back office's. */
export function registerWebhookRoutes(
  app: FastifyInstance,
  ctx: Context,
  resolvers: Resolvers,
  targets: WebhookTargetPolicy,
): void {
  route(app, resolvers, {
    method: "GET",
    url: "/v1/webhook-endpoints",
    summary: "The shop's webhook endpoints, oldest first, with their secrets and the events each takes",
    tags: ["webhooks"],
    auth: "shop-or-session",
    response: WebhookEndpointList,
    handler: async ({ shop, reply }) => {
      reply.header("cache-control", "no-store");
      return listShopEndpoints(ctx, shop.id);
    },
  });

  route(app, resolvers, {
    method: "POST",
    url: "/v1/webhook-endpoints",
    summary:
      "Add a webhook endpoint: its URL, signing secret (generated when left out), the events it takes (every event when left out), on or off",
    tags: ["webhooks"],
    auth: "shop-or-session",
    body: WebhookEndpointCreateBody,
    response: WebhookEndpointView,
    handler: async ({ shop, body, source, reply }) => {
      reply.header("cache-control", "no-store");
      return createEndpoint(ctx, shop.id, body, targets, source);
    },
  });

  route(app, resolvers, {
    method: "PATCH",
    url: "/v1/webhook-endpoints/:id",
    summary: "Change a webhook endpoint's URL, secret, events or switch; what is left out stays",
    tags: ["webhooks"],
    auth: "shop-or-session",
    params: WebhookEndpointParams,
    body: WebhookEndpointPatchBody,
    response: WebhookEndpointView,
    handler: async ({ shop, params, body, source, reply }) => {
      reply.header("cache-control", "no-store");
      return patchEndpoint(ctx, shop.id, params.id, body, targets, source);
    },
  });

  route(app, resolvers, {
    method: "DELETE",
    url: "/v1/webhook-endpoints/:id",
    summary: "Delete a webhook endpoint and the messages still waiting for it",
    tags: ["webhooks"],
    auth: "shop-or-session",
    params: WebhookEndpointParams,
    response: WebhookEndpointDeleted,
    handler: async ({ shop, params, source }) => removeEndpoint(ctx, shop.id, params.id, source),
  });

  route(app, resolvers, {
    method: "POST",
    url: "/v1/webhook-messages/:id/retry",
    summary: "Send a webhook message to its endpoint again, now (delivered or not); the log keeps every attempt",
    tags: ["webhooks"],
    auth: "shop-or-session",
    params: WebhookMessageParams,
    response: WebhookMessageRetried,
    handler: async ({ shop, params, source }) => resendMessage(ctx, shop.id, params.id, source),
  });

  route(app, resolvers, {
    method: "PUT",
    url: "/v1/webhooks",
    operationId: "setWebhookEndpoint",
    summary:
      "Set the first webhook endpoint's URL and signing secret (generated when left out); adds it when there is none",
    tags: ["webhooks"],
    auth: "shop",
    body: WebhookBody,
    response: WebhookResponse,
    handler: async ({ shop, body, source }) => putFirstEndpoint(ctx, shop.id, body, targets, source),
  });

  route(app, resolvers, {
    method: "GET",
    url: "/v1/webhooks",
    operationId: "getWebhookEndpoint",
    summary: "The first webhook endpoint's URL and signing secret",
    tags: ["webhooks"],
    auth: "shop",
    response: WebhookResponse,
    handler: ({ shop }) => firstEndpoint(ctx, shop.id),
  });

  route(app, resolvers, {
    method: "GET",
    url: "/v1/webhooks/deliveries",
    summary: "Webhook messages (one per endpoint) and every delivery attempt, newest first",
    tags: ["webhooks"],
    auth: "shop-or-session",
    query: DeliveriesQuery,
    response: DeliveriesResponse,
    handler: ({ shop, query }) => webhookDeliveries(ctx, shop.id, query.limit),
  });
}
