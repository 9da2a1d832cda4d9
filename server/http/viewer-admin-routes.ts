import type { FastifyInstance } from "fastify";
import {
  CouponGrantBody,
  CouponGrantResponse,
  CouponParams,
  CouponRevokeBody,
  CouponRevokeResponse,
  GrowthAdjustBody,
  PointsAdjustResponse,
  ViewerEraseResponse,
  ViewerExport,
  ViewerOrdersPage,
  ViewerOrdersQuery,
  ViewerParams,
  ViewerProfile,
  ViewerSearchPage,
  ViewerSearchQuery,
} from "../../protocol/index.js";
import { adjustGrowth } from "../services/adjust-points.js";
import type { Context } from "../services/context.js";
import { grantCoupon, revokeCoupon } from "../services/manual-coupons.js";
import { backOfficeProfile, viewerOrders } from "../services/viewer-admin.js";
import { eraseViewer, exportViewer } from "../services/viewer-data.js";
import { searchViewers } from "../services/viewer-search.js";
import { type Resolvers, route } from "./route.js";

/** Looking up and helping a viewer: the back office's Viewers section, and the same for the shop's backend. */
export function registerViewerAdminRoutes(app: FastifyInstance, ctx: Context, resolvers: Resolvers): void {
  route(app, resolvers, {
    method: "GET",
    url: "/v1/viewers",
    operationId: "searchViewers",
    summary:
      "Find viewers by the start of their id or any part of their name, a page at a time (a short page may still have a nextCursor)",
    tags: ["viewers"],
    auth: "shop-or-session",
    query: ViewerSearchQuery,
    response: ViewerSearchPage,
    handler: ({ shop, query }) => searchViewers(ctx, shop, query),
  });

  route(app, resolvers, {
    method: "GET",
    url: "/v1/viewers/:viewerId/profile",
    summary: "A viewer as the back office shows them: balance, tier, coupons, segments, ledger, orders and touches",
    tags: ["viewers"],
    auth: "shop-or-session",
    params: ViewerParams,
    response: ViewerProfile,
    handler: ({ shop, params }) => backOfficeProfile(ctx, shop, params.viewerId),
  });

  route(app, resolvers, {
    method: "GET",
    url: "/v1/viewers/:viewerId/export",
    operationId: "exportViewer",
    summary:
      "Everything held about a viewer as one JSON document (profile, ledger, orders, coupons, watching, clicks, follows, touches…); recorded in the audit log",
    tags: ["viewers"],
    auth: "shop-or-session",
    params: ViewerParams,
    response: ViewerExport,
    handler: ({ shop, params, source }) => exportViewer(ctx, shop, params.viewerId, source),
  });

  route(app, resolvers, {
    method: "DELETE",
    url: "/v1/viewers/:viewerId",
    operationId: "eraseViewer",
    summary:
      "Erase a viewer: name, birthday and typed text removed, the id replaced by a pseudonym everywhere it is stored; balances, ledger and orders kept under it. The id is then unknown: erasing it again is viewer_not_found",
    tags: ["viewers"],
    auth: "shop-or-session",
    params: ViewerParams,
    response: ViewerEraseResponse,
    handler: ({ shop, params, source }) => eraseViewer(ctx, shop, params.viewerId, source),
  });

  route(app, resolvers, {
    method: "GET",
    url: "/v1/viewers/:viewerId/orders",
    summary: "A viewer's orders, newest first, a page at a time",
    tags: ["viewers"],
    auth: "shop-or-session",
    params: ViewerParams,
    query: ViewerOrdersQuery,
    response: ViewerOrdersPage,
    handler: ({ shop, params, query }) => viewerOrders(ctx, shop, params.viewerId, query.cursor, query.limit),
  });

  route(app, resolvers, {
    method: "POST",
    url: "/v1/viewers/:viewerId/growth",
    operationId: "adjustViewerGrowth",
    idempotentOn: { in: "body", name: "idempotencyKey" },
    summary:
      "Adjust a viewer's growth with a reason, through the ledger; the tier follows (idempotent on idempotencyKey)",
    tags: ["viewers"],
    auth: "shop-or-session",
    params: ViewerParams,
    body: GrowthAdjustBody,
    response: PointsAdjustResponse,
    handler: ({ shop, params, body, source }) => adjustGrowth(ctx, shop, params.viewerId, body, source),
  });

  route(app, resolvers, {
    method: "POST",
    url: "/v1/viewers/:viewerId/coupons",
    operationId: "grantViewerCoupon",
    idempotentOn: { in: "body", name: "idempotencyKey" },
    summary:
      "Grant a viewer a coupon of a template by hand (source manual; the template's tier gate, limit and stock apply; idempotent on idempotencyKey)",
    tags: ["coupons"],
    auth: "shop-or-session",
    params: ViewerParams,
    body: CouponGrantBody,
    response: CouponGrantResponse,
    handler: ({ shop, params, body, source }) => grantCoupon(ctx, shop, params.viewerId, body, source),
  });

  route(app, resolvers, {
    method: "POST",
    url: "/v1/coupons/:code/revoke",
    summary: "Revoke an issued coupon that is still good, with a reason: it can no longer be redeemed",
    tags: ["coupons"],
    auth: "shop-or-session",
    params: CouponParams,
    body: CouponRevokeBody,
    response: CouponRevokeResponse,
    handler: ({ shop, params, body, source }) => revokeCoupon(ctx, shop, params.code, body, source),
  });
}
