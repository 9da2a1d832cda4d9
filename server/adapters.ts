/**
 * Rows become wire shapes here and nowhere else; raw rows never reach a socket or a response.
 * One module per concern under adapters/; everyone imports them from this file.
 */
export * from "./adapters/coupons.js";
export * from "./adapters/insight.js";
export * from "./adapters/live.js";
export * from "./adapters/platform-rooms.js";
export * from "./adapters/touches.js";
export * from "./adapters/viewer.js";
export * from "./adapters/viewer-admin.js";
export * from "./adapters/webhooks.js";
