import { EncoreError, type MuteView } from "../../protocol/index.js";
import { blockedWordIn, cleanComment } from "../domain/moderation.js";
import { HeldReads } from "../shared/held-reads.js";
import { TokenBucket } from "../shared/rate-limit.js";
import { addMute, listMuteRows, listMutes, removeMute } from "../store/offers.js";
import { type ChangeSource, recordAudit } from "./audit.js";
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
 * A shop's mute list is read again from the database after this long: a mute or unmute made
 * through another node (the back office's request may land anywhere) reaches this node's rooms
 * within it. One made through this node applies at once.
 */
const MUTE_LIST_FRESH_MS = 2_000;
/**
 * A list older than fresh is still answered with while it is read again, up to this age: a storm
 * of comments does not wait for the read. Older (nobody commented for a while), it is read first.
 */
const MUTE_LIST_SERVABLE_MS = 4_000;
/** The back office's list shows this many mutes, newest first. */
const MUTE_LIST_LIMIT = 1_000;

/** Who mutes or unmutes: the actor for the audit log, and their name to show beside the mute. */
export interface ModerationSource extends ChangeSource {
  name: string | null;
}

/**
 * Who may say what in a room: the shop's mute list (kept in memory, written through to the
 * database), its blocked words, a per-viewer comment pace shared by all their sockets, and a
 * separate claim pace.
 */
export class Moderation {
  private readonly mutes = new HeldReads<string, Set<string>>(MUTE_LIST_FRESH_MS, MUTE_LIST_SERVABLE_MS, () =>
    this.ctx.clock.now(),
  );
  private readonly buckets = new Map<string, { bucket: TokenBucket; perSecond: number; usedAt: number }>();

  constructor(private readonly ctx: Context) {}

  async isMuted(shopId: string, viewerId: string): Promise<boolean> {
    return (await this.muteList(shopId)).has(viewerId);
  }

  /** Reads the shop's mute list ahead of a burst of comments (an offer started), unless it is fresh. */
  expectComments(shopId: string): void {
    void this.muteList(shopId).catch(() => {});
  }

  /** Mutes a viewer in every room of the shop; muting a muted viewer changes nothing. Audited as mute.add. */
  async mute(shopId: string, viewerId: string, source: ModerationSource): Promise<void> {
    const now = this.ctx.clock.now();
    await this.ctx.store.db.transaction().execute(async (trx) => {
      if (!(await addMute(trx, shopId, viewerId, { by: source.actor, name: source.name }, now))) return;
      await recordAudit(
        trx,
        shopId,
        source,
        { action: "mute.add", target: { kind: "viewer", id: viewerId }, before: null, after: { muted: true } },
        now,
      );
    });
    this.forget(shopId);
  }

  /**
   * Lets a viewer comment again, in every room of the shop and from their next comment on.
   * False when they were not muted (nothing changes, nothing is recorded). Audited as mute.remove.
   */
  async unmute(shopId: string, viewerId: string, source: ChangeSource): Promise<boolean> {
    const now = this.ctx.clock.now();
    const lifted = await this.ctx.store.db.transaction().execute(async (trx) => {
      const row = await removeMute(trx, shopId, viewerId);
      if (!row) return false;
      const before = { muted: true, mutedAt: row.muted_at, mutedBy: row.muted_by };
      await recordAudit(
        trx,
        shopId,
        source,
        { action: "mute.remove", target: { kind: "viewer", id: viewerId }, before, after: { muted: false } },
        now,
      );
      return true;
    });
    this.forget(shopId);
    return lifted;
  }

  /** The shop's muted viewers, newest first, with who muted them and when. */
  async muted(shopId: string): Promise<MuteView[]> {
    const rows = await listMuteRows(this.ctx.store.db, shopId, MUTE_LIST_LIMIT);
    return rows.map((row) => ({
      viewerId: row.viewer_id,
      name: row.name,
      mutedAt: row.muted_at,
      mutedBy: row.muted_by,
      mutedByName: row.muted_by_name,
    }));
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

  /**
   * Drops the shop's list after a change, so the next comment reads it as committed: changing the
   * held set instead could be undone by a read that started before the change.
   */
  private forget(shopId: string): void {
    this.mutes.forget(shopId);
  }

  private muteList(shopId: string): Promise<Set<string>> {
    return this.mutes.get(shopId, () => listMutes(this.ctx.store.db, shopId).then((ids) => new Set(ids)));
  }
}
