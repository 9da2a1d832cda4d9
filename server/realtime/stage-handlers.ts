import { EncoreError, HostEvent, PanelEvent, ServerEvent } from "../../protocol/index.js";
import { ACCEPTED_TTL_MS, INVITE_TTL_MS, STAGE_TOKEN_TTL_SECONDS } from "../domain/stage.js";
import type { Context } from "../services/context.js";
import type { Identity } from "../services/identity.js";
import { actOnSpot, inviteGuest, lapseSpot, openSpot, publisherGrant } from "../services/stage.js";
import type { AgoraConfig } from "../video/rtc-token.js";
import type { SocketEdge } from "./edge.js";
import { viewerChannel } from "./types.js";

/** A little past the deadline, so the rules (which read the clock) already call the spot lapsed. */
const LAPSE_GRACE_MS = 250;

/**
 * 连麦: the host invites and ends; the invited viewer answers, goes on stage, steps down and asks
 * for their publisher token. The rules read the clock whenever a spot is touched, so a lapsed
 * invitation is refused even with no timer; the timer only tells the guest and host on time.
 */
export function registerStageHandlers(ctx: Context, edge: SocketEdge, agora: AgoraConfig | undefined): void {
  const lapseLater = (spotId: string, ms: number) => {
    setTimeout(() => {
      lapseSpot(ctx, spotId).catch((error) => ctx.log.warn({ err: error }, "could not lapse a guest spot"));
    }, ms + LAPSE_GRACE_MS).unref();
  };
  const guest = (identity: Identity | null) => {
    if (!identity) throw new EncoreError("guest", "log in to go on stage");
    return { kind: "guest" as const, viewerId: identity.viewerId };
  };

  edge.on(HostEvent.stageInvite, { who: "host" }, async (payload, host, socket) => {
    const { roomId, shopId } = socket.data;
    if (!host) throw new EncoreError("forbidden", "hosts only");
    const sockets = await socket.nsp.in(viewerChannel(shopId, payload.viewerId)).fetchSockets();
    const target = sockets.find((s) => s.data.roomId === roomId && s.data.identity?.role === "viewer")?.data.identity;
    if (!target) throw new EncoreError("viewer_not_present", "that viewer is not in the room now");
    const { spot, created } = await inviteGuest(ctx, roomId, host, target);
    if (created && spot.expiresAt !== null) {
      // the invitation rides on the host's greeting: the widget's greet panel asks the viewer
      ctx.notifier.toViewer(shopId, target.viewerId, ServerEvent.greeting, {
        from: host.name,
        reason: null,
        coupon: null,
        invite: { spotId: spot.spotId, expiresAt: spot.expiresAt },
      });
      lapseLater(spot.spotId, INVITE_TTL_MS);
    }
    return spot;
  });

  edge.on(HostEvent.stageEnd, { who: "host" }, async (payload, _host, socket) =>
    actOnSpot(ctx, payload.spotId, { kind: "host", roomId: socket.data.roomId }, "end"),
  );

  edge.on(HostEvent.stage, { who: "host" }, async (_payload, _host, socket) => ({
    spot: await openSpot(ctx, socket.data.roomId),
  }));

  edge.on(PanelEvent.stageAnswer, { who: "member" }, async (payload, identity) => {
    const spot = await actOnSpot(ctx, payload.spotId, guest(identity), payload.accept ? "accept" : "decline");
    if (spot.state === "accepted") lapseLater(spot.spotId, ACCEPTED_TTL_MS);
    return spot;
  });

  edge.on(PanelEvent.stageLive, { who: "member" }, async (payload, identity) =>
    actOnSpot(ctx, payload.spotId, guest(identity), "live"),
  );

  edge.on(PanelEvent.stageLeave, { who: "member" }, async (payload, identity) =>
    actOnSpot(ctx, payload.spotId, guest(identity), "leave"),
  );

  // the socket's viewer token was checked at the join; the grant's own life is the stage's short one
  edge.on(PanelEvent.stageToken, { who: "member" }, async (_payload, identity, socket) => {
    guest(identity);
    const until = Math.floor(ctx.clock.now() / 1000) + STAGE_TOKEN_TTL_SECONDS;
    return publisherGrant(ctx, agora, socket.data.roomId, identity as Identity, until);
  });
}
