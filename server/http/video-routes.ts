import type { FastifyInstance, FastifyRequest } from "fastify";
import { EncoreError, RoomParams, RtcTokenResponse, type TokenClaims } from "../../protocol/index.js";
import { verifyToken } from "../auth/tokens.js";
import type { Context } from "../services/context.js";
import { getShop, requireRoom, type Shop } from "../services/shops.js";
import { type AgoraConfig, issueRtcToken } from "../video/rtc-token.js";
import { route } from "./route.js";

/** The browser's own credential: the viewer's or host's Encore JWT, as a bearer token. */
async function claimsOf(request: FastifyRequest, ctx: Context): Promise<TokenClaims> {
  const match = /^Bearer\s+(\S{1,4096})$/.exec(request.headers.authorization ?? "");
  if (!match?.[1]) throw new EncoreError("unauthorized", "send Authorization: Bearer <viewer or host token>");
  return verifyToken(match[1], async (id) => (await getShop(ctx.store.db, id))?.secret, ctx.clock.now());
}

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
    summary: "An Agora RTC token for the room's live video (Bearer: the viewer's or host's token)",
    tags: ["video"],
    auth: "none",
    params: RoomParams,
    response: RtcTokenResponse,
    handler: async ({ params, request }) => {
      const claims = await claimsOf(request, ctx);
      const room = await requireRoom(ctx.store.db, params.room);
      if (room.shop_id !== claims.shop) throw new EncoreError("wrong_shop", "the token belongs to another shop");
      if (!agora) {
        throw new EncoreError(
          "video_not_configured",
          "live video is off: AGORA_APP_ID and AGORA_APP_CERTIFICATE are unset",
        );
      }
      return issueRtcToken(agora, {
        channel: room.id,
        person: claims.sub,
        role: claims.role,
        tokenExp: claims.exp,
        now: ctx.clock.now(),
      });
    },
  });
}
