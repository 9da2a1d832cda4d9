export { type CallOptions, type ClientOptions, createClient, EncoreClient, type OperationMethods } from "./client.js";
export { EncoreError, type EncoreErrorCode, isEncoreError } from "./errors.js";
export * from "./routes.js";
export { type SignOptions, signViewerToken, type ViewerClaims } from "./tokens.js";
export {
  SIGNATURE_HEADER,
  type VerifyOptions,
  verifyWebhook,
  type WebhookMessage,
  type WebhookRefusal,
  WebhookVerificationError,
} from "./webhooks.js";
