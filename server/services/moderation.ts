import { EncoreError } from "../../protocol/index.js";
import { blockedWordIn, cleanComment } from "../domain/moderation.js";
import { TokenBucket } from "../realtime/rate-limit.js";
import { listMutes, setMute } from "../store/offers.js";
import type { Context } from "./context.js";
import type { Shop } from "./shops.js";

/** A short burst on top of the steady pace, so a viewer can answer "1" twice without waiting. */
const COMMENT_BURST = 5;
/** A pace unused this long is full again anyway, so it is forgotten to keep memory flat. */
const IDLE_PACE_MS = 5 * 60_000;

/**
 * Who may say what in a room: the shop's mute list (kept in memory, written through to the
 * database), its blocked words, and a per-viewer comment pace shared by all their sockets.
 */
export class Moderation {
  private readonly mutes = new Map<string, Promise<Set<string>>>();
  private readonly buckets = new Map<string, { bucket: TokenBucket; perMinute: number; usedAt: number }>();

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

  /** The comment as the room will see it, or a refusal: comment_blocked, rate_limited, bad_request. */
  admit(shop: Shop, viewerId: string, text: string): string {
    const clean = cleanComment(text);
    if (!clean) throw new EncoreError("bad_request", "the comment is empty");
    const { blockedWords, commentsPerMinute } = shop.config.moderation;
    if (blockedWordIn(clean, blockedWords))
      throw new EncoreError("comment_blocked", "this comment is not allowed here");
    if (!this.pace(shop.id, viewerId, commentsPerMinute).take(this.ctx.clock.now())) {
      throw new EncoreError("rate_limited", `at most ${commentsPerMinute} comments a minute`);
    }
    return clean;
  }

  private pace(shopId: string, viewerId: string, perMinute: number): TokenBucket {
    const key = `${shopId}:${viewerId}`;
    const now = this.ctx.clock.now();
    let entry = this.buckets.get(key);
    if (!entry || entry.perMinute !== perMinute) {
      entry = {
        bucket: new TokenBucket(Math.min(COMMENT_BURST, perMinute), perMinute / 60, now),
        perMinute,
        usedAt: now,
      };
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
