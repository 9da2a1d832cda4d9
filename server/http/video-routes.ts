import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { EncoreError, RoomParams, RtcTokenResponse, StageTokenResponse } from "../../protocol/index.js";
import type { Context } from "../services/context.js";
import { requireRoom, type Shop } from "../services/shops.js";
import { publisherGrant } from "../services/stage.js";
import { type AgoraConfig, issueRtcToken } from "../video/rtc-token.js";
import { bearerClaims } from "./bearer-claims.js";
import { route } from "./route.js";

/** A guest's audience token lives an hour; the player asks again before it expires. */
const GUEST_GRANT_SECONDS = 3600;

/** Live video: RTC tokens for the room's Agora channel, only when the operator configured Agora. */
export function registerVideoRoutes(
  app: FastifyInstance,
  ctx: Context,
  resolveShop: (request: FastifyRequest) => Promise<Shop>,
  agora: AgoraConfig | undefined,
): void {
  route(app, resolveShop, {
    method: "GET",
    url: "/v1/rooms/:room/rtc-token",
    summary:
      "An Agora RTC token for the room's live video (Bearer: the viewer's or host's token; none for a guest, who may only watch)",
    tags: ["video"],
    auth: "none",
    viewerToken: "optional",
    params: RoomParams,
    response: RtcTokenResponse,
    handler: async ({ params, request }) => {
      const claims = await bearerClaims(request, ctx);
      const room = await requireRoom(ctx.store.db, params.room);
      if (claims && room.shop_id !== claims.shop)
        throw new EncoreError("wrong_shop", "the token belongs to another shop");
      if (!agora) {
        throw new EncoreError(
          "video_not_configured",
          "live video is off: AGORA_APP_ID and AGORA_APP_CERTIFICATE are unset",
        );
      }
      const now = ctx.clock.now();
      return issueRtcToken(agora, {
        channel: room.id,
        // a guest has no id in the shop: a one-off uid, so two guests never push each other out
        person: claims?.sub ?? `guest:${randomUUID()}`,
        role: claims?.role ?? "viewer",
        tokenExp: claims?.exp ?? Math.floor(now / 1000) + GUEST_GRANT_SECONDS,
        now,
      });
    },
  });

  route(app, resolveShop, {
    method: "GET",
    url: "/v1/rooms/:room/stage-token",
    summary:
      "连麦: a publisher token for the viewer the host invited on stage, once they accepted; renewed only until the host ends the spot (Bearer: the viewer's token)",
    tags: ["video"],
    auth: "none",
    viewerToken: "optional",
    params: RoomParams,
    response: StageTokenResponse,
    handler: async ({ params, request }) => {
      const claims = await bearerClaims(request, ctx);
      if (!claims) throw new EncoreError("guest", "log in to go on stage");
      const room = await requireRoom(ctx.store.db, params.room);
      if (room.shop_id !== claims.shop) throw new EncoreError("wrong_shop", "the token belongs to another shop");
      const identity = {
        shopId: claims.shop,
        viewerId: claims.sub,
        role: claims.role,
        name: null,
        tier: 0,
        lastWatchAt: null,
        birthday: null,
      };
      return publisherGrant(ctx, agora, room.id, identity, claims.exp);
    },
  });
}
