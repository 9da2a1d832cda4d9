import { describe, expect, it } from "vitest";
import { operationIdOf } from "../../server/http/route.js";

describe("operationIdOf", () => {
  it.each([
    ["GET", "/health", "getHealth"],
    ["GET", "/v1/config", "getConfig"],
    ["GET", "/v1/products", "listProducts"],
    ["GET", "/v1/coupon-templates", "listCouponTemplates"],
    ["POST", "/v1/coupon-templates", "createCouponTemplate"],
    ["POST", "/v1/orders", "createOrder"],
    ["GET", "/v1/viewers/:viewerId", "getViewer"],
    ["GET", "/v1/viewers/:viewerId/ledger", "getViewerLedger"],
    ["GET", "/v1/viewers/:viewerId/touches", "listViewerTouches"],
    ["GET", "/v1/webhooks/deliveries", "listWebhookDeliveries"],
    ["POST", "/v1/orders/:orderId/refund", "refundOrder"],
    ["POST", "/v1/coupons/:code/redeem", "redeemCoupon"],
    ["PUT", "/v1/products/:sku", "updateProduct"],
    ["DELETE", "/v1/viewers/:viewerId", "deleteViewer"],
    ["GET", "/v1/rooms/:room/rtc-token", "getRoomRtcToken"],
    ["GET", "/v1/segments/:segment/viewers", "listSegmentViewers"],
    ["GET", "/v1/viewers/:viewerId/export", "getViewerExport"],
  ] as const)("%s %s → %s", (method, url, id) => {
    expect(operationIdOf(method, url)).toBe(id);
  });
});
