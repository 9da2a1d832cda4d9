import { randomUUID } from "node:crypto";
import {
  EncoreError,
  HostPush,
  PanelPush,
  ServerEvent,
  type StageGuest,
  type StageSpot,
  type StageTokenResponse,
} from "../../protocol/index.js";
import { maskedName } from "../domain/moderation.js";
import {
  decideInvite,
  decideStage,
  INVITE_TTL_MS,
  isOpen,
  lapsed,
  type SpotFacts,
  STAGE_TOKEN_TTL_SECONDS,
  type StageAction,
} from "../domain/stage.js";
import { isUniqueViolation } from "../store/executor.js";
import { presenceFacts } from "../store/presence.js";
import type { StageSpotRow } from "../store/schema.js";
import { findOpenSpot, findSpot, insertSpot, latestSpotOf, moveSpot } from "../store/stage.js";
import { type AgoraConfig, issueRtcToken } from "../video/rtc-token.js";
import type { Context } from "./context.js";
import type { Identity } from "./identity.js";
import { featuredProduct } from "./live-room.js";

/*
 * 连麦: a viewer on stage, one use case per export. Every change is one guarded update (from the
 * state the rules were decided on), so a host ending the spot while the guest goes on stage ends
 * it once; each change is told to the guest, the room's consoles, and (when who is on stage
 * changes) the whole room.
 */

const facts = (row: StageSpotRow): SpotFacts => ({
  viewerId: row.viewer_id,
  state: row.state,
  expiresAt: row.expires_at,
  endedReason: row.ended_reason,
});

/** Whether the viewer has an order of the product the room features now (the "bought this" badge). */
async function boughtFeatured(ctx: Context, shopId: string, roomId: string, viewerId: string): Promise<boolean> {
  const featured = await featuredProduct(ctx, roomId);
  if (!featured) return false;
  const found = await presenceFacts(ctx.store.db, shopId, [viewerId], { sku: featured.sku, clicksSince: 0 });
  return found.boughtFeatured.has(viewerId);
}

async function toSpot(ctx: Context, row: StageSpotRow): Promise<StageSpot> {
  return {
    spotId: row.id,
    roomId: row.room_id,
    viewerId: row.viewer_id,
    name: row.name,
    tier: row.tier,
    state: row.state,
    expiresAt: row.expires_at,
    boughtFeatured: await boughtFeatured(ctx, row.shop_id, row.room_id, row.viewer_id),
    endedReason: row.ended_reason,
  };
}

const guestOf = (spot: StageSpot): StageGuest | null =>
  spot.state === "on_stage" ? { name: spot.name, tier: spot.tier, boughtFeatured: spot.boughtFeatured } : null;

/** Who is on stage in the room now, for the snapshot; null when nobody is. */
export async function stageGuest(ctx: Context, roomId: string): Promise<StageGuest | null> {
  return guestOnStage(ctx, await findOpenSpot(ctx.store.db, roomId));
}

/** The guest of the room's open spot (read by the caller), if they are on stage. */
export async function guestOnStage(ctx: Context, open: StageSpotRow | undefined): Promise<StageGuest | null> {
  return open?.state === "on_stage" ? guestOf(await toSpot(ctx, open)) : null;
}

/** The room's open spot for a console that just joined (a lapsed invitation is not open). */
export async function openSpot(ctx: Context, roomId: string): Promise<StageSpot | null> {
  const open = await findOpenSpot(ctx.store.db, roomId);
  if (!open || !isOpen(facts(open), ctx.clock.now())) return null;
  return toSpot(ctx, open);
}

function announce(ctx: Context, shopId: string, spot: StageSpot, wasOnStage: boolean): void {
  ctx.notifier.toViewer(shopId, spot.viewerId, PanelPush.stageSpot, spot);
  ctx.notifier.toHosts(spot.roomId, HostPush.stage, spot);
  if (wasOnStage || spot.state === "on_stage") ctx.notifier.toRoom(spot.roomId, ServerEvent.stage, guestOf(spot));
}

/**
 * The host invites a viewer who is in the room now. The invitation reaches the viewer inside a
 * greeting (the caller sends it); a second invitation while a spot is open is refused with
 * stage_busy, and a repeated tap for the same viewer answers their spot again (`created` false).
 */
export async function inviteGuest(
  ctx: Context,
  roomId: string,
  host: Identity,
  target: Identity,
): Promise<{ spot: StageSpot; created: boolean }> {
  const { db } = ctx.store;
  const now = ctx.clock.now();
  for (let attempt = 0; attempt < 3; attempt++) {
    const open = await findOpenSpot(db, roomId);
    const decision = decideInvite(open ? facts(open) : null, target.viewerId, now);
    if (decision.kind === "refused") throw new EncoreError(decision.code, "another guest is invited or on stage");
    if (decision.kind === "same" && open) return { spot: await toSpot(ctx, open), created: false };
    // a lapsed spot still holding the room is closed first, and its guest told
    if (open && !(await closeLapsed(ctx, open))) continue;
    const row: StageSpotRow = {
      id: randomUUID(),
      shop_id: host.shopId,
      room_id: roomId,
      viewer_id: target.viewerId,
      name: target.name ?? maskedName(target.viewerId),
      tier: target.tier,
      state: "invited",
      open_room: roomId,
      invited_by: host.viewerId,
      invited_at: now,
      expires_at: now + INVITE_TTL_MS,
      on_stage_at: null,
      ended_at: null,
      ended_reason: null,
    };
    try {
      await insertSpot(db, row);
    } catch (error) {
      // another console's invitation took the stage at the same instant: decide again against it
      if (isUniqueViolation(error)) continue;
      throw error;
    }
    const spot = await toSpot(ctx, row);
    ctx.notifier.toHosts(roomId, HostPush.stage, spot);
    return { spot, created: true };
  }
  throw new EncoreError("stage_busy", "another guest is invited or on stage");
}

/** Ends a spot whose time ran out; false when it changed meanwhile (the caller reads again). */
async function closeLapsed(ctx: Context, row: StageSpotRow): Promise<boolean> {
  const now = ctx.clock.now();
  const moved = await moveSpot(ctx.store.db, row.id, row.state, {
    state: "ended",
    open_room: null,
    expires_at: null,
    ended_at: now,
    ended_reason: "expired",
  });
  if (moved) {
    const ended = {
      ...row,
      state: "ended" as const,
      open_room: null,
      expires_at: null,
      ended_at: now,
      ended_reason: "expired" as const,
    };
    announce(ctx, row.shop_id, await toSpot(ctx, ended), false);
  }
  return moved;
}

/** Who may act on a spot: its guest, or a host of its room. */
export type StageActor = { kind: "guest"; viewerId: string } | { kind: "host"; roomId: string };

/**
 * One step of a spot's life: the guest accepts, declines, goes on stage or steps down; the host
 * ends it. Refused with a code, changing nothing, when the rules say no; an action that changes
 * nothing (ending an ended spot) answers the spot as it is.
 */
export async function actOnSpot(
  ctx: Context,
  spotId: string,
  actor: StageActor,
  action: Exclude<StageAction, "token">,
): Promise<StageSpot> {
  const { db } = ctx.store;
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await findSpot(db, spotId);
    if (row && actor.kind === "host" && row.room_id !== actor.roomId)
      throw new EncoreError("stage_wrong_room", "that guest spot is another room's");
    // another viewer's spot is, for this viewer, an invitation they never had
    const mine = row && (actor.kind === "host" || row.viewer_id === actor.viewerId) ? row : undefined;
    const now = ctx.clock.now();
    const step = decideStage(mine ? facts(mine) : null, action, now);
    if (step.kind === "refused") throw new EncoreError(step.code, `cannot ${action} this guest spot`);
    if (!mine || step.kind === "same") return toSpot(ctx, mine as StageSpotRow);
    const ending = step.state === "ended";
    const patch = {
      state: step.state,
      expires_at: step.expiresAt,
      ended_reason: step.endedReason,
      ...(ending ? { open_room: null, ended_at: now } : {}),
      ...(step.state === "on_stage" ? { on_stage_at: now } : {}),
    };
    if (!(await moveSpot(db, mine.id, mine.state, patch))) continue;
    const spot = await toSpot(ctx, { ...mine, ...patch });
    announce(ctx, mine.shop_id, spot, mine.state === "on_stage");
    return spot;
  }
  throw new EncoreError("stage_busy", "the guest spot kept changing; try again");
}

/**
 * The guest spot a publisher token may be issued for: the viewer's newest spot in the room,
 * accepted or on stage. Refused with stage_not_invited (no invitation, or not accepted yet),
 * stage_invite_expired, or stage_ended (the host ended it: the renewal the guest's player asks
 * for is refused, and with it publishing stops within the token's short life).
 */
export async function spotForPublishing(ctx: Context, roomId: string, viewerId: string): Promise<StageSpotRow> {
  // the open spot first: a viewer invited again holds an ended spot from the same instant too
  const open = await findOpenSpot(ctx.store.db, roomId);
  const row = open?.viewer_id === viewerId ? open : await latestSpotOf(ctx.store.db, roomId, viewerId);
  const step = decideStage(row ? facts(row) : null, "token", ctx.clock.now());
  if (step.kind === "refused") throw new EncoreError(step.code, "no guest spot to publish on");
  return row as StageSpotRow;
}

/** A spot whose invitation (or preview) time has run out is ended and its guest and host told. */
export async function lapseSpot(ctx: Context, spotId: string): Promise<void> {
  const row = await findSpot(ctx.store.db, spotId);
  if (row && lapsed(facts(row), ctx.clock.now())) await closeLapsed(ctx, row);
}

/**
 * The accepted guest's publisher token for the room's channel (连麦), under a uid of its own
 * (`stage:` + their id), so the audience player they may also run keeps its place. It lives
 * STAGE_TOKEN_TTL_SECONDS and is renewed only while the spot lasts.
 */
export async function publisherGrant(
  ctx: Context,
  agora: AgoraConfig | undefined,
  roomId: string,
  identity: Identity,
  tokenExp: number,
): Promise<StageTokenResponse> {
  const spot = await spotForPublishing(ctx, roomId, identity.viewerId);
  if (!agora) throw new EncoreError("video_not_configured", "live video is off: AGORA_APP_ID is unset");
  const grant = issueRtcToken(agora, {
    channel: roomId,
    person: `stage:${identity.viewerId}`,
    role: identity.role,
    publish: true,
    maxTtlSeconds: STAGE_TOKEN_TTL_SECONDS,
    tokenExp,
    now: ctx.clock.now(),
  });
  return { ...grant, spotId: spot.id };
}
