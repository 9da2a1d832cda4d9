import { EncoreError } from "../../protocol/index.js";
import { blockedWordIn, cleanComment } from "../domain/moderation.js";
import { TokenBucket } from "../shared/rate-limit.js";
import { listMutes, setMute } from "../store/offers.js";
import type { Context } from "./context.js";
import type { Shop } from "./shops.js";

/** A short burst on top of the steady pace, so a viewer can chat in a quick run without waiting. */
const COMMENT_BURST = 5;
/**
 * Claims (the live offer's keyword) have their own pace, never the comment pace: a viewer who
 * chatted a lot can still claim. One win per viewer per offer already makes repeats worthless;
 * this bound only keeps a flood of them from costing the server.
 */
const CLAIM_BURST = 10;
const CLAIMS_PER_SECOND = 5;
/** A pace unused this long is full again anyway, so it is forgotten to keep memory flat. */
const IDLE_PACE_MS = 5 * 60_000;

/**
 * Who may say what in a room: the shop's mute list (kept in memory, written through to the
 * database), its blocked words, a per-viewer comment pace shared by all their sockets, and a
 * separate claim pace.
 */
export class Moderation {
  private readonly mutes = new Map<string, Promise<Set<string>>>();
  private readonly buckets = new Map<string, { bucket: TokenBucket; perSecond: number; usedAt: number }>();

  constructor(private readonly ctx: Context) {}

  async isMuted(shopId: string, viewerId: string): Promise<boolean> {
    return (await this.muteList(shopId)).has(viewerId);
  }

  async setMuted(shopId: string, viewerId: string, muted: boolean): Promise<void> {
    const list = await this.muteList(shopId);
    await setMute(this.ctx.store.db, shopId, viewerId, muted, this.ctx.clock.now());
    if (muted) list.add(viewerId);
    else list.delete(viewerId);
  }

  /** The comment as the room will see it, or a refusal: comment_blocked, bad_request. */
  clean(shop: Shop, text: string): string {
    const clean = cleanComment(text);
    if (!clean) throw new EncoreError("bad_request", "the comment is empty");
    if (blockedWordIn(clean, shop.config.moderation.blockedWords)) {
      throw new EncoreError("comment_blocked", "this comment is not allowed here");
    }
    return clean;
  }

  /** Takes one comment from the viewer's pace, or refuses rate_limited. */
  paceComment(shop: Shop, viewerId: string): void {
    const { commentsPerMinute } = shop.config.moderation;
    const pace = this.pace(
      `comment:${shop.id}:${viewerId}`,
      Math.min(COMMENT_BURST, commentsPerMinute),
      commentsPerMinute / 60,
    );
    if (!pace.take(this.ctx.clock.now())) {
      throw new EncoreError("rate_limited", `at most ${commentsPerMinute} comments a minute`);
    }
  }

  /** Takes one claim from the claimant's own pace (a viewer, or a guest's socket), or refuses rate_limited. */
  paceClaim(shopId: string, claimant: string): void {
    if (!this.pace(`claim:${shopId}:${claimant}`, CLAIM_BURST, CLAIMS_PER_SECOND).take(this.ctx.clock.now())) {
      throw new EncoreError("rate_limited", `at most ${CLAIMS_PER_SECOND} claims a second`);
    }
  }

  private pace(key: string, capacity: number, perSecond: number): TokenBucket {
    const now = this.ctx.clock.now();
    let entry = this.buckets.get(key);
    if (!entry || entry.perSecond !== perSecond) {
      entry = { bucket: new TokenBucket(capacity, perSecond, now), perSecond, usedAt: now };
      this.buckets.set(key, entry);
    }
    entry.usedAt = now;
    return entry.bucket;
  }

  /** Forgets paces nobody has used for a while; the live rooms' tick calls it now and then. */
  sweep(now: number): void {
    for (const [key, entry] of this.buckets) {
      if (now - entry.usedAt > IDLE_PACE_MS) this.buckets.delete(key);
    }
  }

  private muteList(shopId: string): Promise<Set<string>> {
    let list = this.mutes.get(shopId);
    if (!list) {
      list = listMutes(this.ctx.store.db, shopId).then((ids) => new Set(ids));
      list.catch(() => this.mutes.delete(shopId));
      this.mutes.set(shopId, list);
    }
    return list;
  }
}
