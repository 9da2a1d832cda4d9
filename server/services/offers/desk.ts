import { randomBytes } from "node:crypto";
import { type ClaimOutcome, EncoreError, type OfferView } from "../../../protocol/index.js";
import { toCoupon, toOfferView } from "../../adapters.js";
import { claimsForBatch } from "../../domain/claims.js";
import { seedCommitment } from "../../domain/draw-proof.js";
import { assertCanStart, LATE_CLAIM_MS, matchesKeyword, nextStatus, validateOfferInput } from "../../domain/offers.js";
import { stormTrace } from "../../shared/storm-trace.js";
import { findTemplate } from "../../store/coupons.js";
import { isUniqueViolation } from "../../store/executor.js";
import {
  endIfLive,
  findOffer,
  insertOffer,
  latestOffer,
  latestOfferHead,
  listEntries,
  liveOffers,
  lockOffer,
  updateOffer,
} from "../../store/offers.js";
import type { OfferRow } from "../../store/schema.js";
import type { Context } from "../context.js";
import { requireTemplate } from "../coupons.js";
import { requireShop, type Shop } from "../shops.js";
import { ClaimQueue, commitClaims, type PendingClaim } from "./claims.js";
import { drawLuckyBag } from "./draw.js";
import {
  type Claimant,
  earlyRefusal,
  entrantOf,
  ignoreOfferOver,
  isOfferOver,
  type OfferEvents,
  type OfferStart,
  type OfferState,
  refused,
  stockOf,
} from "./state.js";

/**
 * A room whose cached offer is not live is read again after this long when a comment arrives:
 * another node may have started an offer there, and its "1"s must count as claims here too.
 * A live offer's cache needs no such look (claims lock its row; the 1 s sync sees it end).
 */
const RECHECK_IDLE_ROOM_MS = 250;

/**
 * Runs the 扣1 offers of every room this process serves. Claims that arrive together are
 * committed together: they queue, and one transaction takes the whole queue in arrival order.
 * Everything that writes (start, stop, expiry, claim batches) runs one at a time, so the cached
 * state and the database never disagree about stock.
 *
 * The database, not this cache, says which offers are live: other nodes start and end offers
 * too, and a process that died left its offers live. `expireDue` reads the live offers back
 * from the database, so every node picks those up, and an offer ends through one conditional
 * write that only one node can make: whichever node gets there first ends it (and draws a lucky
 * bag); the others only learn that it ended.
 */
export class OfferDesk {
  private readonly states = new Map<string, OfferState | null>();
  private readonly loading = new Map<string, Promise<OfferState | null>>();
  /** when each room's cached state was last read from the database */
  private readonly checkedAt = new Map<string, number>();
  private readonly claims = new ClaimQueue(() => void this.serial(() => this.flush()));
  private lane: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: Context,
    private readonly events: OfferEvents,
  ) {}

  /** Picks up offers left live by a previous process and ends those already due, so they still end on time. */
  resume(): Promise<void> {
    return this.expireDue(this.ctx.clock.now());
  }

  start(shop: Shop, roomId: string, input: OfferStart): Promise<OfferView> {
    return this.serial(async () => {
      const now = this.ctx.clock.now();
      validateOfferInput(input, shop.config.tiers);
      const template = await requireTemplate(this.ctx.store.db, shop.id, input.templateId);
      if (template.stock !== null && template.stock - template.issued < input.stock) {
        const left = template.stock - template.issued;
        throw new EncoreError("stock_invalid", `the coupon template has ${left} coupons left`);
      }
      // read again: another node may have started or ended the room's offer since this one cached it
      let current = await this.reload(roomId);
      // one whose time is up but that no tick has ended yet (just after a restart, say) ends now
      if (current?.row.status === "live" && now >= current.row.ends_at) {
        await this.end(current, now).catch(ignoreOfferOver);
        current = await this.stateOf(roomId);
      }
      assertCanStart(current ? { status: current.row.status } : null);
      // a lucky bag's seed exists before any entry, and its hash goes out with the offer
      const seed = input.mode === "draw" ? randomBytes(32).toString("hex") : null;
      const row: OfferRow = {
        id: `ofr_${randomBytes(6).toString("base64url")}`,
        shop_id: shop.id,
        room_id: roomId,
        template_id: template.id,
        keyword: input.keyword,
        mode: input.mode,
        status: nextStatus("scheduled", "start"),
        stock: input.stock,
        claimed: 0,
        min_tier: input.minTier,
        started_at: now,
        ends_at: now + input.durationSeconds * 1000,
        ended_at: null,
        sold_out_at: null,
        created_at: now,
        draw_seed: seed,
        draw_commitment: seed ? seedCommitment(seed) : null,
        entrant_key: seed ? randomBytes(32).toString("hex") : null,
      };
      try {
        await insertOffer(this.ctx.store.db, row);
      } catch (error) {
        // another node started one in this room first: the database's one-live-offer index says so
        if (isUniqueViolation(error)) throw new EncoreError("offer_live", "an offer is already live in this room");
        throw error;
      }
      const state: OfferState = { row, template, taken: new Set(), nextSeq: 1 };
      this.states.set(roomId, state);
      const view = toOfferView(row, template, shop.config);
      this.events.changed(roomId, view);
      this.events.stock(roomId, stockOf(row));
      return view;
    });
  }

  stop(shop: Shop, roomId: string, offerId: string): Promise<OfferView> {
    return this.serial(async () => {
      const state = await this.stateOf(roomId);
      if (!state || state.row.id !== offerId) {
        const row = await findOffer(this.ctx.store.db, shop.id, offerId);
        if (!row || row.room_id !== roomId) throw new EncoreError("offer_none", `no offer ${offerId} in this room`);
        // Only the room's latest offer can still be running; an older one is over.
        throw new EncoreError("offer_ended", "this offer is over");
      }
      return this.end(state, this.ctx.clock.now());
    });
  }

  /**
   * Ends every offer whose time is up. With `fromDatabase` (the default) it first reads which
   * offers are live across all nodes, so offers another node started, or a dead process left
   * live, end here too; without it only what this node holds is looked at (the app's fast tick).
   */
  async expireDue(now: number, fromDatabase = true): Promise<void> {
    // Read outside the lane: claim batches wait for the lane, and this round trip is no part of
    // theirs. A read that a batch or a start overtakes is harmless: syncLive only drops or reloads
    // cached states, and a reload reads the database again.
    const live = fromDatabase ? await liveOffers(this.ctx.store.db) : null;
    return this.serial(async () => {
      if (live) await this.syncLive(live);
      for (const state of [...this.states.values()]) {
        if (state?.row.status !== "live" || now < state.row.ends_at) continue;
        try {
          await this.end(state, now);
        } catch (error) {
          if (isOfferOver(error)) continue; // another node ended it first
          // one room's failure must not keep the others' offers running; the next pass tries again
          this.states.delete(state.row.room_id);
          this.ctx.log.error({ err: error, offer: state.row.id }, "could not end a due offer");
        }
      }
    });
  }

  /** Brings the cache in line with the offers the database says are live. */
  private async syncLive(live: Pick<OfferRow, "id" | "room_id">[]): Promise<void> {
    const liveIds = new Set(live.map((row) => row.id));
    for (const [roomId, state] of this.states) {
      // ended or sold out through another node: read again when next needed
      if (state?.row.status === "live" && !liveIds.has(state.row.id)) this.states.delete(roomId);
    }
    for (const row of live) {
      if (this.states.get(row.room_id)?.row.id !== row.id) await this.reload(row.room_id);
    }
  }

  private reload(roomId: string): Promise<OfferState | null> {
    this.states.delete(roomId);
    return this.stateOf(roomId);
  }

  /** Ends the room's live offer, if any (the host ended the live). */
  endLive(roomId: string): Promise<OfferView | null> {
    return this.serial(async () => {
      const state = await this.stateOf(roomId);
      if (state?.row.status !== "live") return null;
      // ended through another node meanwhile: nothing left to end
      return this.end(state, this.ctx.clock.now()).catch((error: unknown) => ignoreOfferOver(error));
    });
  }

  /** The room's latest offer and how many viewers are in it (won or entered), for the host panel. */
  async current(roomId: string): Promise<{ offer: OfferRow; entries: number } | null> {
    const state = await this.stateOf(roomId);
    return state ? { offer: { ...state.row }, entries: state.taken.size } : null;
  }

  private claimedOffer(state: OfferState | null, text: string, now: number): OfferState | null {
    if (!state || !matchesKeyword(text, state.row.keyword)) return null;
    const endedAt = state.row.ended_at;
    return endedAt !== null && now - endedAt > LATE_CLAIM_MS ? null : state;
  }

  /**
   * Treats a comment as a claim when it is the keyword of the room's offer (live, or just over,
   * so a late "1" hears why). Null when the comment is not a claim at all. `pace` runs once the
   * comment is known to be a claim and may refuse it by throwing: the room's offer is looked up
   * once per comment, not once to decide the pace and again to claim (a storm does both 10,000 times).
   */
  async claimIfKeyword(claimant: Claimant, text: string, pace?: () => void): Promise<ClaimOutcome | null> {
    const now = this.ctx.clock.now();
    const began = stormTrace.enabled ? performance.now() : 0;
    const state = this.claimedOffer(await this.stateOf(claimant.roomId), text, now);
    if (stormTrace.enabled) stormTrace.wait("the room's offer", performance.now() - began);
    if (!state) return null;
    pace?.();
    // Refusals that need no database answer at once; the rest wait for the next batch.
    const early = earlyRefusal(state, claimant, now);
    if (early) return refused(state.row.id, early);
    const queued = stormTrace.enabled ? performance.now() : 0;
    const outcome = new Promise<ClaimOutcome>((resolve, reject) => {
      const pending = { claimant: claimant as PendingClaim["claimant"], offerId: state.row.id, resolve, reject };
      this.claims.add(pending, state.row.mode === "first_come");
    });
    if (stormTrace.enabled)
      void outcome.then(
        () => stormTrace.wait("its batch", performance.now() - queued),
        () => {},
      );
    return outcome;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    if (stormTrace.enabled) {
      const asked = performance.now();
      const inner = work;
      work = async () => {
        const began = performance.now();
        stormTrace.wait("the offer desk's lane", began - asked);
        try {
          return await inner();
        } finally {
          stormTrace.lane(inner.toString().slice(0, 60), began, performance.now());
        }
      };
    }
    const run = this.lane.then(work, work);
    this.lane = run.catch(() => undefined);
    return run;
  }

  /**
   * Another node changed the room's offer: the next claim or tick reads it again. Without this, a
   * node holding the room's ended offer trusts it for a moment and answers claims about it, while
   * its sockets already show the new offer the other node started.
   */
  forget(roomId: string): void {
    this.states.delete(roomId);
    this.checkedAt.delete(roomId);
  }

  private async stateOf(roomId: string): Promise<OfferState | null> {
    const known = this.states.get(roomId);
    const checked = this.checkedAt.get(roomId) ?? Number.NEGATIVE_INFINITY;
    if (
      known !== undefined &&
      (known?.row.status === "live" || this.ctx.clock.now() - checked < RECHECK_IDLE_ROOM_MS)
    ) {
      return known;
    }
    let pending = this.loading.get(roomId);
    if (!pending) {
      pending = (known === undefined ? this.load(roomId) : this.recheck(roomId, known)).finally(() =>
        this.loading.delete(roomId),
      );
      this.loading.set(roomId, pending);
    }
    return pending;
  }

  /** A room with no live offer cached: has another node started one since? One small read says. */
  private async recheck(roomId: string, known: OfferState | null): Promise<OfferState | null> {
    const latest = await latestOfferHead(this.ctx.store.db, roomId);
    if (latest?.id === known?.row.id && latest?.status === known?.row.status) {
      this.checkedAt.set(roomId, this.ctx.clock.now());
      return known;
    }
    return this.load(roomId);
  }

  private async load(roomId: string): Promise<OfferState | null> {
    const { db } = this.ctx.store;
    const row = await latestOffer(db, roomId);
    let state: OfferState | null = null;
    if (row) {
      const template = await findTemplate(db, row.shop_id, row.template_id);
      if (!template) throw new Error(`offer ${row.id} has no template`);
      const entries = await listEntries(db, row.id);
      const lastSeq = entries.reduce((max, e) => Math.max(max, e.seq), 0);
      state = { row, template, taken: new Set(entries.map((e) => e.viewer_id)), nextSeq: lastSeq + 1 };
    }
    this.states.set(roomId, state);
    this.checkedAt.set(roomId, this.ctx.clock.now());
    return state;
  }

  private async flush(): Promise<void> {
    for (const [roomId, queued] of this.claims.take()) {
      let group = queued;
      try {
        const state = await this.stateOf(roomId);
        if (state?.row.status === "live") {
          const taken = claimsForBatch(state.row.mode, state.row.stock - state.row.claimed, queued.length);
          group = queued.slice(0, taken);
          this.claims.putBack(queued.slice(taken));
        }
        const traced = stormTrace.batch(group.length);
        await commitClaims(this.ctx, this.events, roomId, state, group);
        traced();
      } catch (error) {
        // The cache may be ahead of what was rolled back: read it again from the database.
        this.states.delete(roomId);
        for (const claim of group) claim.reject(error);
      }
    }
  }

  /**
   * Ends an offer: the draw first for a lucky bag, then the record, then everyone is told. Only
   * the node whose conditional write takes the offer from live ends it; on any other node (or
   * if it sold out meanwhile) the offer is already over, and this node just learns so.
   */
  private async end(state: OfferState, now: number): Promise<OfferView> {
    const offer = state.row;
    const status = nextStatus(offer.status, "end");
    const shop = await requireShop(this.ctx.store.db, offer.shop_id);
    const outcome = await this.ctx.store.db.transaction().execute(async (trx) => {
      // the write comes first, so on either database the second node waits for the first and then matches nothing
      if (!(await endIfLive(trx, offer.id, now)))
        return { over: await lockOffer(trx, offer.id, this.ctx.store.dialect) };
      const result = offer.mode === "draw" ? await drawLuckyBag(trx, shop, state, now) : null;
      if (result) await updateOffer(trx, offer.id, { claimed: result.winners.length });
      // claims taken through other nodes count too: the row, not this cache, has them
      return { drawn: result, row: await lockOffer(trx, offer.id, this.ctx.store.dialect) };
    });
    if ("over" in outcome) {
      if (outcome.over) Object.assign(offer, outcome.over);
      throw new EncoreError("offer_ended", "this offer is over");
    }
    const { drawn } = outcome;
    Object.assign(offer, outcome.row ?? { status, ended_at: now });
    const view = toOfferView(offer, state.template, shop.config);
    this.events.changed(offer.room_id, view);
    if (drawn) {
      const { winners, losers } = drawn;
      const entrant = entrantOf(offer);
      for (const { viewerId, coupon } of winners) {
        const won = toCoupon(coupon, now);
        this.events.outcome(
          shop.id,
          viewerId,
          { offerId: offer.id, result: "won", coupon: won, ...entrant(viewerId) },
          null,
        );
      }
      for (const viewerId of losers) {
        this.events.outcome(shop.id, viewerId, { ...refused(offer.id, "not_drawn"), ...entrant(viewerId) }, null);
      }
      this.events.stock(offer.room_id, stockOf(offer));
    }
    return view;
  }
}
