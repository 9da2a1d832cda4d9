import type { FastifyInstance } from "fastify";
import {
  CouponParams,
  CouponTemplate,
  CouponTemplateInput,
  OrderBody,
  OrderParams,
  OrderResponse,
  QuoteBody,
  QuoteResponse,
  RedeemBody,
  RedeemResponse,
  RefundResponse,
  TemplateList,
} from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import { createTemplate } from "../services/coupons.js";
import { shopTemplates } from "../services/live-room.js";
import { placeOrder, quoteOrder, redeemCoupon, refundOrder } from "../services/orders.js";
import { type Resolvers, route } from "./route.js";

/** The shop API of the commerce loop: orders, refunds, redemption at checkout, templates. */
export function registerCommerceRoutes(app: FastifyInstance, ctx: Context, resolveShop: Resolvers): void {
  const { store, clock } = ctx;
  const { db } = store;

  route(app, resolveShop, {
    method: "POST",
    url: "/v1/orders",
    idempotentOn: { in: "body", name: "orderId" },
    summary: "Report a paid order: points and growth, coupon consumed, points spent (idempotent on orderId)",
    tags: ["orders"],
    auth: "shop",
    body: OrderBody,
    response: OrderResponse,
    handler: async ({ shop, body }) => placeOrder(ctx, shop, body),
  });

  route(app, resolveShop, {
    method: "POST",
    url: "/v1/orders/quote",
    operationId: "quoteOrder",
    summary: "What an order would come to now: member price, coupon and points applied, nothing written",
    tags: ["orders"],
    auth: "shop",
    body: QuoteBody,
    response: QuoteResponse,
    handler: async ({ shop, body }) => quoteOrder(ctx, shop, body),
  });

  route(app, resolveShop, {
    method: "POST",
    url: "/v1/orders/:orderId/refund",
    idempotentOn: { in: "path", name: "orderId" },
    summary: "Refund an order: reverse what it earned and spent, restore its coupon (idempotent)",
    tags: ["orders"],
    auth: "shop",
    params: OrderParams,
    response: RefundResponse,
    handler: async ({ shop, params }) => refundOrder(ctx, shop, params.orderId),
  });

  route(app, resolveShop, {
    method: "POST",
    url: "/v1/coupons/:code/redeem",
    idempotentOn: { in: "body", name: "orderId" },
    summary: "Redeem a coupon at checkout and get the discount (idempotent on orderId)",
    tags: ["coupons"],
    auth: "shop",
    params: CouponParams,
    body: RedeemBody,
    response: RedeemResponse,
    handler: async ({ shop, params, body }) => redeemCoupon(ctx, shop, params.code, body),
  });

  route(app, resolveShop, {
    method: "POST",
    url: "/v1/coupon-templates",
    summary: "Create a coupon template",
    tags: ["coupons"],
    auth: "shop",
    body: CouponTemplateInput,
    response: CouponTemplate,
    handler: async ({ shop, body, source }) => createTemplate(db, shop.id, body, shop.config, clock.now(), source),
  });

  route(app, resolveShop, {
    method: "GET",
    url: "/v1/coupon-templates",
    summary: "The shop's active coupon templates",
    tags: ["coupons"],
    auth: "shop-or-session",
    response: TemplateList,
    handler: async ({ shop }) => ({ templates: await shopTemplates(ctx, shop.id) }),
  });
}
