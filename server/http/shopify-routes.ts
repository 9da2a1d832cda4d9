import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  EncoreError,
  SHOPIFY_HEADERS,
  ShopifyDeliveryHeaders,
  ShopifySettings,
  ShopifySettingsBody,
  ShopifyWebhookBody,
  ShopifyWebhookResult,
} from "../../protocol/index.js";
import { parseShopifyJson } from "../domain/shopify.js";
import type { Context } from "../services/context.js";
import {
  connectShopify,
  disconnectShopify,
  handleShopifyWebhook,
  shopifySettings,
  verifiedShopifyShop,
} from "../services/shopify.js";
import { type Resolvers, route } from "./route.js";

/** Shopify's order payloads carry every line, address and tax line: well past the 64 KB of a JSON call. */
const SHOPIFY_BODY_LIMIT = 2 * 1024 * 1024;

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** A shop's Shopify store: connecting it, and the webhooks it sends. */
export function registerShopifyRoutes(app: FastifyInstance, ctx: Context, resolvers: Resolvers): void {
  route(app, resolvers, {
    method: "GET",
    url: "/v1/integrations/shopify",
    operationId: "getShopifySettings",
    summary: "The Shopify store the shop connected (its domain; never the webhook secret)",
    tags: ["integrations"],
    auth: "shop-or-session",
    response: ShopifySettings,
    handler: async ({ shop }) => shopifySettings(ctx, shop.id),
  });

  route(app, resolvers, {
    method: "PUT",
    url: "/v1/integrations/shopify",
    operationId: "setShopifySettings",
    summary:
      "Connect a Shopify store: its myshopify.com domain and the secret its webhooks are signed with (409 shopify_store_taken when another shop has it)",
    tags: ["integrations"],
    auth: "shop-or-session",
    body: ShopifySettingsBody,
    response: ShopifySettings,
    handler: async ({ shop, body, source, reply }) => {
      reply.header("cache-control", "no-store");
      return connectShopify(ctx, shop.id, body, source);
    },
  });

  route(app, resolvers, {
    method: "DELETE",
    url: "/v1/integrations/shopify",
    operationId: "deleteShopifySettings",
    summary: "Disconnect the Shopify store: its webhooks are refused from now on",
    tags: ["integrations"],
    auth: "shop-or-session",
    response: ShopifySettings,
    handler: async ({ shop, source }) => disconnectShopify(ctx, shop.id, source),
  });

  route(app, resolvers, {
    method: "POST",
    url: "/v1/integrations/shopify/webhooks",
    operationId: "receiveShopifyWebhook",
    summary:
      "Shopify's webhooks (orders/paid credits the customer's order, refunds/create refunds it once refunds cover it, other topics are ignored); signed by X-Shopify-Hmac-Sha256, idempotent on X-Shopify-Webhook-Id and Shopify's ids",
    tags: ["integrations"],
    auth: "signed",
    signedBy: "shopifyHmac",
    bodyLimit: SHOPIFY_BODY_LIMIT,
    verify: (request, rawBody) =>
      verifiedShopifyShop(
        ctx,
        header(request, SHOPIFY_HEADERS.shopDomain),
        rawBody,
        header(request, SHOPIFY_HEADERS.hmac),
      ),
    body: ShopifyWebhookBody,
    response: ShopifyWebhookResult,
    // the body was checked to be a JSON object; it is read again from its bytes, ids exactly
    handler: async ({ shop, rawBody, request }) => {
      const headers = ShopifyDeliveryHeaders.safeParse({
        topic: header(request, SHOPIFY_HEADERS.topic),
        webhookId: header(request, SHOPIFY_HEADERS.webhookId),
      });
      if (!headers.success) throw new EncoreError("bad_request", "send X-Shopify-Topic (and X-Shopify-Webhook-Id)");
      return handleShopifyWebhook(ctx, shop, { ...headers.data, body: parseShopifyJson(rawBody.toString("utf8")) });
    },
  });
}
