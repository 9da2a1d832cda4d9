import type { FastifyInstance } from "fastify";
import { CouponTemplate, CouponTemplatePatch, TemplateCountsList, TemplateParams } from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import { cloneTemplate, editTemplate, setTemplatePaused, templateCounts } from "../services/coupon-templates.js";
import { type Resolvers, route } from "./route.js";

/** The back office's coupon templates: their counts, edits, pause and resume, and clones. */
export function registerTemplateRoutes(app: FastifyInstance, ctx: Context, resolvers: Resolvers): void {
  route(app, resolvers, {
    method: "GET",
    url: "/v1/coupon-templates/counts",
    summary: "Every coupon template, paused ones too, with its stock left and its issued and redeemed counts",
    tags: ["coupons"],
    auth: "shop-or-session",
    response: TemplateCountsList,
    handler: async ({ shop }) => ({ templates: await templateCounts(ctx, shop.id) }),
  });

  route(app, resolvers, {
    method: "PATCH",
    url: "/v1/coupon-templates/:id",
    summary:
      "Edit a template's name, validity, tier, stock, per-viewer limit or points price, for coupons issued from then on; kind, value and minimum spend are fixed (a field error names them)",
    tags: ["coupons"],
    auth: "shop-or-session",
    params: TemplateParams,
    body: CouponTemplatePatch,
    response: CouponTemplate,
    handler: async ({ shop, params, body, source }) => editTemplate(ctx, shop.id, shop.config, params.id, body, source),
  });

  route(app, resolvers, {
    method: "POST",
    url: "/v1/coupon-templates/:id/pause",
    summary: "Pause a template: it issues nothing anywhere (template_paused) until resumed; issued coupons stay valid",
    tags: ["coupons"],
    auth: "shop-or-session",
    params: TemplateParams,
    response: CouponTemplate,
    handler: async ({ shop, params, source }) => setTemplatePaused(ctx, shop.id, params.id, true, source),
  });

  route(app, resolvers, {
    method: "POST",
    url: "/v1/coupon-templates/:id/resume",
    summary: "Resume a paused template",
    tags: ["coupons"],
    auth: "shop-or-session",
    params: TemplateParams,
    response: CouponTemplate,
    handler: async ({ shop, params, source }) => setTemplatePaused(ctx, shop.id, params.id, false, source),
  });

  route(app, resolvers, {
    method: "POST",
    url: "/v1/coupon-templates/:id/clone",
    summary: "Copy a template, paused and named as a copy, with nothing issued",
    tags: ["coupons"],
    auth: "shop-or-session",
    params: TemplateParams,
    response: CouponTemplate,
    handler: async ({ shop, params, source }) => cloneTemplate(ctx, shop.id, params.id, source),
  });
}
