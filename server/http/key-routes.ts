import type { FastifyInstance } from "fastify";
import {
  ApiKeyCreateBody,
  ApiKeyCreated,
  ApiKeyList,
  ApiKeyParams,
  ApiKeyRevoked,
  ApiKeyRotateBody,
  ApiKeyRotated,
  SigningKeyList,
  SigningKeyRotateBody,
  SigningKeyRotated,
} from "../../protocol/index.js";
import { createApiKey, listShopApiKeys, revokeApiKey, rotateApiKey } from "../services/api-keys.js";
import type { Context } from "../services/context.js";
import { listSigningKeys, rotateSigningKey } from "../services/signing-keys.js";
import { type Resolvers, route } from "./route.js";

/** The shop's API keys and its viewer-token signing key: the back office's Settings, and the API's. */
export function registerKeyRoutes(app: FastifyInstance, ctx: Context, resolvers: Resolvers): void {
  route(app, resolvers, {
    method: "GET",
    url: "/v1/api-keys",
    summary: "The shop's API keys, newest first: name, first characters, created, last used, state (never the keys)",
    tags: ["keys"],
    auth: "shop-or-session",
    response: ApiKeyList,
    handler: async ({ shop }) => listShopApiKeys(ctx, shop.id),
  });

  route(app, resolvers, {
    method: "POST",
    url: "/v1/api-keys",
    summary: "Create a named API key; the answer holds the key itself, this once (only its hash is stored)",
    tags: ["keys"],
    auth: "shop-or-session",
    body: ApiKeyCreateBody,
    response: ApiKeyCreated,
    handler: async ({ shop, body, source, reply }) => {
      reply.header("cache-control", "no-store");
      return createApiKey(ctx, shop.id, body, source);
    },
  });

  route(app, resolvers, {
    method: "DELETE",
    url: "/v1/api-keys/:id",
    summary: "Revoke an API key at once: calls with it are 401 unauthorized from now on",
    tags: ["keys"],
    auth: "shop-or-session",
    params: ApiKeyParams,
    response: ApiKeyRevoked,
    handler: async ({ shop, params, source }) => ({
      revoked: true as const,
      key: await revokeApiKey(ctx, shop.id, params.id, source),
    }),
  });

  route(app, resolvers, {
    method: "POST",
    url: "/v1/api-keys/:id/rotate",
    summary:
      "Replace an API key with a new one (shown this once); the old one keeps working for graceSeconds (default 0), then is revoked",
    tags: ["keys"],
    auth: "shop-or-session",
    params: ApiKeyParams,
    body: ApiKeyRotateBody,
    response: ApiKeyRotated,
    handler: async ({ shop, params, body, source, reply }) => {
      reply.header("cache-control", "no-store");
      return rotateApiKey(ctx, shop.id, params.id, body, source);
    },
  });

  route(app, resolvers, {
    method: "GET",
    url: "/v1/signing-keys",
    summary:
      "The viewer-token signing keys that still verify: the current one and those inside a rotation window (never the keys)",
    tags: ["keys"],
    auth: "shop-or-session",
    response: SigningKeyList,
    handler: async ({ shop }) => listSigningKeys(ctx, shop.id),
  });

  route(app, resolvers, {
    method: "POST",
    url: "/v1/signing-keys/rotate",
    summary:
      "Make a new viewer-token signing key current (the answer holds it, this once); the previous one still verifies for windowSeconds (default 86400)",
    tags: ["keys"],
    auth: "shop-or-session",
    body: SigningKeyRotateBody,
    response: SigningKeyRotated,
    handler: async ({ shop, body, source, reply }) => {
      reply.header("cache-control", "no-store");
      return rotateSigningKey(ctx, shop.id, body, source);
    },
  });
}
