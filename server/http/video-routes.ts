import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { EncoreError, RoomParams, RtcTokenResponse, type TokenClaims } from "../../protocol/index.js";
import { verifyToken } from "../auth/tokens.js";
import type { Context } from "../services/context.js";
import { requireRoom, type Shop } from "../services/shops.js";
import { keysAt } from "../services/signing-keys.js";
import { type AgoraConfig, issueRtcToken } from "../video/rtc-token.js";
import { route } from "./route.js";

/**
 * The browser's own credential: the viewer's or host's Encore JWT, as a bearer token. Without
 * one the caller is a guest, who may watch (DESIGN §3: guests see everything) but never publish.
 * A credential that is present must be genuine: a bad token is refused, not downgraded.
 */
async function claimsOf(request: FastifyRequest, ctx: Context): Promise<TokenClaims | null> {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S{1,4096})$/.exec(header);
  if (!match?.[1]) throw new EncoreError("unauthorized", "send Authorization: Bearer <viewer or host token>, or none");
  return verifyToken(match[1], keysAt(ctx.store.db, ctx.clock.now()), ctx.clock.now());
}

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
      const claims = await claimsOf(request, ctx);
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
}
