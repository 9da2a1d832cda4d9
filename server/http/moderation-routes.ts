import type { FastifyInstance } from "fastify";
import { EncoreError, MuteList, MuteParams, UnmutedResponse } from "../../protocol/index.js";
import type { Moderation } from "../services/moderation.js";
import { type Resolvers, route } from "./route.js";

/** The shop's mute list and unmuting; blocked words are part of the config (PATCH /v1/config). */
export function registerModerationRoutes(app: FastifyInstance, moderation: Moderation, resolvers: Resolvers): void {
  route(app, resolvers, {
    method: "GET",
    url: "/v1/mutes",
    summary: "Every muted viewer of the shop, newest first, with who muted them and when",
    tags: ["moderation"],
    auth: "shop-or-session",
    response: MuteList,
    handler: async ({ shop }) => ({ mutes: await moderation.muted(shop.id) }),
  });

  route(app, resolvers, {
    method: "DELETE",
    url: "/v1/mutes/:viewerId",
    summary: "Unmute a viewer: they can comment again in every room of the shop at once",
    tags: ["moderation"],
    auth: "shop-or-session",
    params: MuteParams,
    response: UnmutedResponse,
    handler: async ({ shop, params, source }) => {
      if (!(await moderation.unmute(shop.id, params.viewerId, source))) {
        throw new EncoreError("not_muted", `viewer ${params.viewerId} is not muted`);
      }
      return { viewerId: params.viewerId, muted: false as const };
    },
  });
}
