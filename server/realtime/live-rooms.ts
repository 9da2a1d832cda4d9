import { randomBytes } from "node:crypto";
import {
  type ClaimOutcome,
  type CommentResult,
  EncoreError,
  type HostComment,
  HostPush,
  type HostStats,
  NodeEvent,
  type OfferStock,
  ServerEvent,
} from "../../protocol/index.js";
import { toOfferStats } from "../adapters.js";
import { maskedName } from "../domain/moderation.js";
import { announcedTiers, ENTRANCE_QUIET_MS, shouldAnnounce } from "../domain/presence.js";
import type { Context } from "../services/context.js";
import type { Identity } from "../services/identity.js";
import { JoinState } from "../services/join-state.js";
import { liveTotals, recordViewers, shopTemplates } from "../services/live-room.js";
import { Moderation } from "../services/moderation.js";
import { OfferDesk } from "../services/offers/index.js";
import { requireShop, type Shop } from "../services/shops.js";
import { HeldReads } from "../shared/held-reads.js";
import { stormTrace } from "../shared/storm-trace.js";
import { MINUTE_MS } from "../shared/time.js";
import { CommentFeed } from "./comment-feed.js";
import { RecentComments } from "./recent-comments.js";
import { retierLocal } from "./retier.js";
import type { RoomFanout } from "./room-fanout.js";
import { type EncoreServer, roomChannel, viewerChannel } from "./types.js";

/** Fan-out cadence: comment batches and the stock ticker at most 4 a second, host stats every 4th tick. */
export const TICK_MS = 250;
const STATS_EVERY_TICKS = 4;
/**
 * Once a second the offers live in the database are read back, so offers started or ended by
 * other nodes, or left live by a process that died, are picked up; the ticks between only end
 * what this node already holds.
 */
const SYNC_OFFERS_EVERY_TICKS = 4;
/** Idle comment paces are swept about once a minute. */
const SWEEP_EVERY_TICKS = 240;
/**
 * Every comment batch is one frame per socket in the room, and socket writes are what a storm
 * costs most. A room's batches stay within this many frames a second: four batches a second up
 * to 2,500 sockets, two at 5,000, one at 10,000.
 */
const COMMENT_FRAMES_PER_SECOND = 10_000;
/** A shop's configuration is re-read at most this often on the comment path (a storm must not parse it 10,000 times). */
const SHOP_CACHE_MS = 1000;
/** Older than the above, a held shop still answers comments while it is read again, up to this age (shared/held-reads.ts). */
const SHOP_SERVABLE_MS = 5000;
/** Entrance lines go out with every 4th tick's batch: a few lines a second at most, a crowd as counts. */
const ENTRANCE_EVERY_TICKS = 4;

/** Host sockets of a room, for the live panel. */
export const hostChannel = (roomId: string) => `host:${roomId}`;

/**
 * The live side of every room this process serves: offers and claims, moderation, comment
 * batches, the stock ticker and the host panel. One per socket.io server, made and started by
 * the app (server/app.ts) and stopped with it.
 */
export class LiveRooms {
  readonly offers: OfferDesk;
  readonly moderation: Moderation;
  /** every room-wide event goes out through this, a shard at a time */
  readonly fanout: RoomFanout;
  /** what every join of a room reads alike, kept until anything it was read from changes */
  readonly joins: JoinState;
  private readonly feeds = new Map<string, CommentFeed>();
  private readonly stock = new Map<string, OfferStock>();
  private readonly shops = new HeldReads<string, Shop>(SHOP_CACHE_MS, SHOP_SERVABLE_MS, () => performance.now());
  private readonly hostRooms = new Map<string, string>();
  private readonly sampledMinute = new Map<string, number>();
  /** per room, the templates' issued counts the host consoles were last sent */
  private readonly templatesSent = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly recent = new RecentComments();
  /** the host's greeting keys this node has seen (greetings without a coupon), and whom each greeted */
  readonly greeted = new Map<string, string>();
  /** when each viewer last had an entrance line in each room ("room\nviewer"), swept with the paces */
  private readonly announcedAt = new Map<string, number>();
  private ticks = 0;
  private commentSeq = 0;
  /** makes comment ids unique across nodes, which each count their own */
  private readonly node = randomBytes(4).toString("base64url");

  /**
   * `clustered`: other nodes serve the same rooms (the Redis Streams adapter), so what this node
   * keeps of a room (its recent comments) is shared with them.
   */
  constructor(
    private readonly ctx: Context,
    private readonly io: EncoreServer,
    fanout: RoomFanout,
    private readonly clustered = false,
    /** shared with the back office's routes, so an unmute there applies to this node's rooms at once */
    moderation = new Moderation(ctx),
  ) {
    this.moderation = moderation;
    this.fanout = fanout;
    this.joins = new JoinState(
      ctx,
      clustered ? (tables) => io.serverSideEmit(NodeEvent.joinState, [...tables]) : undefined,
    );
    this.offers = new OfferDesk(ctx, {
      changed: (roomId, offer) => {
        // The offer event carries the stock too: a pending tick would only repeat it to every socket.
        this.stock.delete(roomId);
        this.fanout.emit(roomId, ServerEvent.offer, offer);
        if (clustered) io.serverSideEmit(NodeEvent.offerChanged, roomId);
      },
      stock: (roomId, stock) => this.stock.set(roomId, stock),
      outcome: (shopId, viewerId, outcome, exceptSocket) => {
        const target = io.to(viewerChannel(shopId, viewerId));
        (exceptSocket ? target.except(exceptSocket) : target).emit(ServerEvent.offerResult, outcome);
      },
    });
    if (clustered) {
      io.on(NodeEvent.recentComments, (roomId, sample) => this.recent.add(roomId, sample));
      io.on(NodeEvent.offerChanged, (roomId) => this.offers.forget(roomId));
      io.on(NodeEvent.retier, (shopId, viewerId, tier) => retierLocal(io, shopId, viewerId, tier));
      // an older node names no tables: everything kept is forgotten
      io.on(NodeEvent.joinState, (tables) => this.joins.forget(Array.isArray(tables) ? new Set(tables) : undefined));
    }
  }

  /** Whether the fan-out ticks: from start() to stop(). */
  get running(): boolean {
    return this.timer !== undefined;
  }

  /**
   * Offers left live by a process that stopped (or by another node) are picked up, and end on
   * time even while nobody is connected.
   */
  start(): void {
    if (this.timer) return;
    void this.offers.resume().catch((error) => this.ctx.log.error({ err: error }, "could not resume live offers"));
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    this.joins.close();
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A shop as the comment path needs it, cached briefly. */
  shop(shopId: string): Promise<Shop> {
    return this.shops.get(shopId, () => requireShop(this.ctx.store.db, shopId));
  }

  /**
   * An offer just started: its claims are about to arrive all at once. The shop and its mute list
   * are read now, so the storm's first comments find them held rather than each waiting for the
   * reads (two round trips on Postgres, taken while thousands of frames arrive).
   */
  expectClaims(shopId: string): void {
    void this.shop(shopId).catch(() => {});
    this.moderation.expectComments(shopId);
  }

  watchAsHost(roomId: string, shopId: string): void {
    this.hostRooms.set(roomId, shopId);
  }

  /**
   * A comment: moderated, counted into the room's next batch, and, when it is the offer's
   * keyword, a claim answered in the ack. A keyword comment always gets a claim outcome (a
   * guest or a muted viewer hears why); any other comment that cannot be posted is refused.
   */
  async comment(roomId: string, shopId: string, socketId: string, identity: Identity | null, text: string) {
    const began = stormTrace.enabled ? performance.now() : 0;
    stormTrace.mark("comments in");
    const viewerId = identity?.viewerId ?? null;
    // Both are held in memory; when one must be read, the two reads go out together.
    const [shop, muted] = await Promise.all([
      this.shop(shopId),
      viewerId !== null && this.moderation.isMuted(shopId, viewerId),
    ]);
    if (stormTrace.enabled) stormTrace.wait("the shop and the mute list", performance.now() - began);
    const speaking = viewerId !== null && !muted;
    const clean = speaking ? this.moderation.clean(shop, text) : text;
    // A host saying the keyword (calling the deal) is talking to the room, not claiming from it.
    const host = identity?.role === "host";
    // The live offer's keyword is a claim, not chatter: it has its own pace, so chat never swallows it.
    const claim: ClaimOutcome | null = host
      ? null
      : await this.offers.claimIfKeyword(
          { shop, roomId, viewerId, name: identity?.name ?? null, muted, socketId },
          clean,
          () => this.moderation.paceClaim(shopId, viewerId ?? `socket:${socketId}`),
        );
    if (!claim && speaking) this.moderation.paceComment(shop, viewerId);
    if (!identity) {
      if (claim) return { accepted: false, claim } satisfies CommentResult;
      throw new EncoreError("guest", "log in to comment");
    }
    if (muted) {
      if (claim) return { accepted: false, claim } satisfies CommentResult;
      throw new EncoreError("muted", "the host has muted you in this shop");
    }
    this.feed(roomId).add(
      {
        id: `c${this.node}-${++this.commentSeq}`,
        viewerId: identity.viewerId,
        name: identity.name ?? maskedName(identity.viewerId),
        text: clean,
        at: this.ctx.clock.now(),
        ...(host ? {} : { tier: identity.tier }),
      },
      claim !== null,
    );
    return { accepted: true, claim } satisfies CommentResult;
  }

  /**
   * A viewer's socket joined the room (not a recovered one): a viewer of a tier the shop announces
   * gets an entrance line in the room's next batch, unless this room announced them lately (a
   * reload or a reconnect is the same visit).
   */
  async arrived(roomId: string, shopId: string, identity: Identity): Promise<void> {
    if (identity.role === "host") return;
    const shop = await this.shop(shopId);
    const announced = announcedTiers(
      shop.config.tiers.map((t) => t.key),
      shop.config.room.entranceTiers,
    );
    const now = this.ctx.clock.now();
    const key = `${roomId}\n${identity.viewerId}`;
    if (!shouldAnnounce(identity.tier, announced, this.announcedAt.get(key), now)) return;
    this.announcedAt.set(key, now);
    this.feed(roomId).arrive({ name: identity.name ?? maskedName(identity.viewerId), tier: identity.tier });
  }

  /** The room's recent comments, oldest first, for a console that has just joined. */
  recentComments(roomId: string): HostComment[] {
    return this.recent.of(roomId);
  }

  async stats(shopId: string, roomId: string): Promise<HostStats> {
    const current = await this.offers.current(roomId);
    const totals = await liveTotals(this.ctx, shopId, roomId, current?.offer.id ?? null);
    return {
      at: this.ctx.clock.now(),
      viewers: this.viewerCount(roomId),
      ...this.feed(roomId).rates(),
      offer: toOfferStats(current?.offer ?? null, current?.entries ?? 0),
      ...totals,
    };
  }

  /** One beat of the fan-out: comment batches, the stock ticker, host stats, and offers whose time is up. */
  async tick(): Promise<void> {
    this.ticks++;
    for (const [roomId, stock] of this.stock) {
      // Volatile: a viewer who misses one tick gets the next; stale stock is worth nothing. It goes
      // before the comment batch, since a socket still writing a frame drops volatile ones.
      this.fanout.emitVolatile(roomId, ServerEvent.offerStock, stock);
    }
    this.stock.clear();
    for (const [roomId, feed] of this.feeds) {
      const everyTicks = Math.max(1, Math.ceil(this.roomSize(roomId) / ((COMMENT_FRAMES_PER_SECOND * TICK_MS) / 1000)));
      if (this.ticks % everyTicks !== 0) continue;
      const batch = feed.flush(this.ticks % ENTRANCE_EVERY_TICKS === 0);
      if (!batch) continue;
      this.fanout.emit(roomId, ServerEvent.comments, batch.room);
      if (batch.hosts.length === 0) continue;
      this.io.to(hostChannel(roomId)).emit(HostPush.comments, { comments: batch.hosts });
      this.recent.add(roomId, batch.hosts);
      if (this.clustered) this.io.serverSideEmit(NodeEvent.recentComments, roomId, batch.hosts);
    }
    try {
      if (this.ticks % STATS_EVERY_TICKS === 0) await this.pushHostStats();
      if (this.ticks % SWEEP_EVERY_TICKS === 0) {
        this.moderation.sweep(this.ctx.clock.now());
        this.sweepAnnounced(this.ctx.clock.now());
      }
      await this.offers.expireDue(this.ctx.clock.now(), this.ticks % SYNC_OFFERS_EVERY_TICKS === 0);
    } catch (error) {
      this.ctx.log.error({ err: error }, "live tick failed");
    }
  }

  private async pushHostStats(): Promise<void> {
    for (const [roomId, shopId] of this.hostRooms) {
      if (!this.io.of("/").adapter.rooms.get(hostChannel(roomId))?.size) {
        this.hostRooms.delete(roomId);
        this.templatesSent.delete(roomId);
        continue;
      }
      const stats = await this.stats(shopId, roomId);
      this.io.to(hostChannel(roomId)).emit(HostPush.stats, stats);
      await this.sample(roomId, stats.viewers);
      await this.pushTemplates(roomId, shopId);
    }
  }

  /**
   * Coupons are issued by deals, exchanges, orders and automations, on any node: the consoles
   * get the shop's templates again whenever a count (or the list) has moved since the last push.
   */
  private async pushTemplates(roomId: string, shopId: string): Promise<void> {
    const templates = await shopTemplates(this.ctx, shopId);
    const mark = templates.map((t) => `${t.id}:${t.issued}`).join();
    if (this.templatesSent.get(roomId) === mark) return;
    this.templatesSent.set(roomId, mark);
    this.io.to(hostChannel(roomId)).emit(HostPush.templates, { templates });
  }

  /** Once a minute per room, while the host console is open: the dashboard's "viewers over time". */
  private async sample(roomId: string, viewers: number): Promise<void> {
    const minute = Math.floor(this.ctx.clock.now() / MINUTE_MS);
    if (this.sampledMinute.get(roomId) === minute) return;
    this.sampledMinute.set(roomId, minute);
    await recordViewers(this.ctx, roomId, viewers);
  }

  private sweepAnnounced(now: number): void {
    for (const [key, at] of this.announcedAt) if (now - at >= ENTRANCE_QUIET_MS) this.announcedAt.delete(key);
  }

  /** Every socket in the room, host consoles included: what a broadcast to the room writes to. */
  private roomSize(roomId: string): number {
    return this.io.of("/").adapter.rooms.get(roomChannel(roomId))?.size ?? 0;
  }

  /** The room's audience: its sockets less the hosts', who are in the room but are not watching it. */
  private viewerCount(roomId: string): number {
    const hosts = this.io.of("/").adapter.rooms.get(hostChannel(roomId))?.size ?? 0;
    return Math.max(0, this.roomSize(roomId) - hosts);
  }

  private feed(roomId: string): CommentFeed {
    let feed = this.feeds.get(roomId);
    if (!feed) {
      feed = new CommentFeed();
      this.feeds.set(roomId, feed);
    }
    return feed;
  }
}
