import { randomBytes } from "node:crypto";
import type { z } from "zod";
import {
  type ClaimOutcome,
  type ClaimRefusal,
  type CouponView,
  EncoreError,
  type OfferMode,
  type OfferStatus,
  type OfferStock,
  type OfferView,
  type TierConfig,
} from "../../protocol/index.js";
import type { OfferStartPayload } from "../../protocol/payloads.js";
import { toCoupon, toOfferView } from "../adapters.js";
import {
  assertCanStart,
  type ClaimState,
  claimRefusal,
  drawWinners,
  LATE_CLAIM_MS,
  matchesKeyword,
  nextStatus,
  validateOfferInput,
} from "../domain/offers.js";
import { tierIndexFor } from "../domain/tiers.js";
import { findTemplate } from "../store/coupons.js";
import { type Executor, isUniqueViolation } from "../store/executor.js";
import {
  endIfLive,
  enteredAmong,
  findOffer,
  growthOf,
  insertDraw,
  insertEntries,
  insertOffer,
  latestOffer,
  latestOfferHead,
  listEntries,
  liveOffers,
  lockOffer,
  markWon,
  nextEntrySeq,
  updateOffer,
} from "../store/offers.js";
import type { CouponRow, CouponTemplateRow, OfferEntryRow, OfferRow } from "../store/schema.js";
import type { Context } from "./context.js";
import { type GrantRefusal, type Issued, issueCoupons, requireTemplate } from "./coupons.js";
import { type AppliedArm, armsFor, exposeAll } from "./experiments.js";
import { requireShop, type Shop } from "./shops.js";

/** What the offer desk tells the realtime layer once a change is committed. */
export interface OfferEvents {
  /** an offer started, sold out or ended: for the whole room */
  changed(roomId: string, offer: OfferView): void;
  /** claims moved the stock: for the room's throttled ticker */
  stock(roomId: string, stock: OfferStock): void;
  /** a private outcome for every socket of a viewer, except the one whose ack already carries it */
  outcome(shopId: string, viewerId: string, outcome: ClaimOutcome, exceptSocket: string | null): void;
}

export type OfferStart = z.output<typeof OfferStartPayload>;

export interface Claimant {
  shop: Shop;
  roomId: string;
  /** null for a guest */
  viewerId: string | null;
  name: string | null;
  muted: boolean;
  socketId: string | null;
}

/** The room's latest offer as the claim path sees it; the database holds the same, committed. */
interface OfferState {
  row: OfferRow;
  template: CouponTemplateRow;
  /** viewers who won (first come) or entered (draw) */
  taken: Set<string>;
  nextSeq: number;
}

interface PendingClaim {
  claimant: Claimant & { viewerId: string };
  /** the offer whose keyword the comment matched */
  offerId: string;
  resolve(outcome: ClaimOutcome): void;
  reject(error: unknown): void;
}

const refused = (offerId: string, reason: ClaimRefusal): ClaimOutcome => ({ offerId, result: "refused", reason });

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
  private queue: PendingClaim[] = [];
  private flushScheduled = false;
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
      if (template.stock !== null && Number(template.stock) - Number(template.issued) < input.stock) {
        const left = Number(template.stock) - Number(template.issued);
        throw new EncoreError("stock_invalid", `the coupon template has ${left} coupons left`);
      }
      // read again: another node may have started or ended the room's offer since this one cached it
      let current = await this.reload(roomId);
      // one whose time is up but that no tick has ended yet (just after a restart, say) ends now
      if (current?.row.status === "live" && now >= Number(current.row.ends_at)) {
        await this.end(current, now).catch(ignoreOfferOver);
        current = await this.stateOf(roomId);
      }
      assertCanStart(current ? { status: current.row.status as OfferStatus } : null);
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
  expireDue(now: number, fromDatabase = true): Promise<void> {
    return this.serial(async () => {
      if (fromDatabase) await this.syncLive();
      for (const state of [...this.states.values()]) {
        if (state?.row.status !== "live" || now < Number(state.row.ends_at)) continue;
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
  private async syncLive(): Promise<void> {
    const live = await liveOffers(this.ctx.store.db);
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

  /** Whether this comment is a claim on the room's offer: its keyword, while it runs or just after. */
  async isClaim(roomId: string, text: string): Promise<boolean> {
    return this.claimedOffer(await this.stateOf(roomId), text, this.ctx.clock.now()) !== null;
  }

  private claimedOffer(state: OfferState | null, text: string, now: number): OfferState | null {
    if (!state || !matchesKeyword(text, state.row.keyword)) return null;
    const endedAt = state.row.ended_at === null ? null : Number(state.row.ended_at);
    return endedAt !== null && now - endedAt > LATE_CLAIM_MS ? null : state;
  }

  /**
   * Treats a comment as a claim when it is the keyword of the room's offer (live, or just over,
   * so a late "1" hears why). Null when the comment is not a claim at all.
   */
  async claimIfKeyword(claimant: Claimant, text: string): Promise<ClaimOutcome | null> {
    const now = this.ctx.clock.now();
    const state = this.claimedOffer(await this.stateOf(claimant.roomId), text, now);
    if (!state) return null;
    // Refusals that need no database answer at once; the rest wait for the next batch.
    const early = earlyRefusal(state, claimant, now);
    if (early) return refused(state.row.id, early);
    return new Promise((resolve, reject) => {
      this.queue.push({ claimant: claimant as PendingClaim["claimant"], offerId: state.row.id, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.serial(() => this.flush());
    });
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lane.then(work, work);
    this.lane = run.catch(() => undefined);
    return run;
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
      const lastSeq = entries.reduce((max, e) => Math.max(max, Number(e.seq)), 0);
      state = { row, template, taken: new Set(entries.map((e) => e.viewer_id)), nextSeq: lastSeq + 1 };
    }
    this.states.set(roomId, state);
    this.checkedAt.set(roomId, this.ctx.clock.now());
    return state;
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    const byRoom = new Map<string, PendingClaim[]>();
    for (const claim of batch) {
      const group = byRoom.get(claim.claimant.roomId) ?? [];
      group.push(claim);
      byRoom.set(claim.claimant.roomId, group);
    }
    for (const [roomId, group] of byRoom) {
      try {
        await this.commitClaims(roomId, group);
      } catch (error) {
        // The cache may be ahead of what was rolled back: read it again from the database.
        this.states.delete(roomId);
        for (const claim of group) claim.reject(error);
      }
    }
  }

  /** One transaction for every claim that arrived together, decided in arrival order. */
  private async commitClaims(roomId: string, arrived: PendingClaim[]): Promise<void> {
    const state = await this.stateOf(roomId);
    const now = this.ctx.clock.now();
    const outcomes = new Map<PendingClaim, ClaimOutcome>();
    if (!state) {
      for (const claim of arrived) claim.resolve(refused(claim.offerId, "offer_ended"));
      return;
    }
    // Claims that queued while the batch before committed may be decided by what it committed
    // (sold out, ended, already won; each only ever moves one way): no transaction for those.
    const group: PendingClaim[] = [];
    for (const claim of arrived) {
      const early = claim.offerId === state.row.id ? earlyRefusal(state, claim.claimant, now) : "offer_ended";
      if (early) claim.resolve(refused(claim.offerId, early));
      else group.push(claim);
    }
    if (group.length === 0) return;
    const offer = state.row;
    const shop = group[0]?.claimant.shop as Shop;
    const { config } = shop;
    const stock = Number(offer.stock);
    let claimed = Number(offer.claimed);
    let soldOut = false;
    let seq = state.nextSeq;
    const taken = new Set<string>();
    const wins: { claim: PendingClaim; coupon: CouponRow }[] = [];

    await this.ctx.store.db.transaction().execute(async (trx) => {
      const viewerIds = [...new Set(group.map((c) => c.claimant.viewerId))];
      // Other nodes may have taken claims since this node's cache was filled: decide against the
      // locked row and the entries in the database, so stock holds across every node.
      const fresh = await lockOffer(trx, offer.id, this.ctx.store.dialect);
      if (fresh) {
        claimed = Number(fresh.claimed);
        Object.assign(offer, {
          status: fresh.status,
          claimed,
          ended_at: fresh.ended_at,
          sold_out_at: fresh.sold_out_at,
        });
      }
      const elsewhere = await enteredAmong(trx, offer.id, viewerIds);
      seq = Math.max(seq, await nextEntrySeq(trx, offer.id));
      const growth = await growthOf(trx, shop.id, viewerIds);
      const entries: OfferEntryRow[] = [];
      const entryOf = (claim: PendingClaim): OfferEntryRow => ({
        offer_id: offer.id,
        viewer_id: claim.claimant.viewerId,
        shop_id: shop.id,
        name: claim.claimant.name,
        seq: seq++,
        won: 0,
        coupon_code: null,
        entered_at: now,
        won_at: null,
      });
      // Rounds, in arrival order: the first eligible claims up to the stock left become candidates
      // and get their coupons in one batch. A candidate the coupon rules refuse frees its place,
      // so the claims after it, held back, are decided in the next round.
      let undecided = group;
      while (undecided.length > 0) {
        const candidates: PendingClaim[] = [];
        const candidateViewers = new Set<string>();
        const later: PendingClaim[] = [];
        for (const claim of undecided) {
          const { viewerId, muted } = claim.claimant;
          if (claim.offerId !== offer.id) {
            // The offer it was meant for ended and another started before the batch ran.
            outcomes.set(claim, refused(claim.offerId, "offer_ended"));
            continue;
          }
          const left = soldOut ? 0 : stock - claimed - candidates.length;
          if (candidates.length > 0 && (left <= 0 || candidateViewers.has(viewerId))) {
            later.push(claim);
            continue;
          }
          const refusal = claimRefusal(
            { ...claimStateOf(state, config.tiers), remaining: left },
            {
              guest: false,
              muted,
              taken: state.taken.has(viewerId) || taken.has(viewerId) || elsewhere.has(viewerId),
              tierIndex: tierIndexFor(growth.get(viewerId) ?? 0, config.tiers),
            },
            now,
          );
          if (refusal) {
            outcomes.set(claim, refused(offer.id, refusal));
          } else if (offer.mode === "draw") {
            entries.push(entryOf(claim));
            taken.add(viewerId);
            outcomes.set(claim, { offerId: offer.id, result: "entered" });
          } else {
            candidates.push(claim);
            candidateViewers.add(viewerId);
          }
        }
        const granted = await grantDeals(
          trx,
          shop,
          offer,
          state.template,
          candidates.map((c) => ({ viewerId: c.claimant.viewerId, growth: growth.get(c.claimant.viewerId) ?? 0 })),
          now,
        );
        candidates.forEach((claim, i) => {
          const grant = granted[i] as GrantedDeal;
          if ("refusal" in grant) {
            if (grant.refusal === "sold_out") soldOut = true;
            outcomes.set(claim, refused(offer.id, grant.refusal));
            return;
          }
          entries.push({ ...entryOf(claim), won: 1, coupon_code: grant.coupon.code, won_at: now });
          taken.add(claim.claimant.viewerId);
          claimed++;
          wins.push({ claim, coupon: grant.coupon });
          outcomes.set(claim, { offerId: offer.id, result: "won", coupon: toCoupon(grant.coupon, now) });
        });
        undecided = later;
      }
      await insertEntries(trx, entries);
      // Only the batch that takes the offer from live to sold out records it and tells the room;
      // batches behind it (queued while it committed) find it sold out already.
      soldOut = offer.status === "live" && (soldOut || (offer.mode === "first_come" && claimed >= stock));
      if (wins.length > 0 || soldOut) {
        await updateOffer(trx, offer.id, {
          claimed,
          ...(soldOut ? { status: nextStatus("live", "sell_out"), sold_out_at: now, ended_at: now } : {}),
        });
      }
    });

    // Committed: now the cache, the answers, and the room.
    const changed = wins.length > 0 || soldOut;
    for (const id of taken) state.taken.add(id);
    state.nextSeq = seq;
    offer.claimed = claimed;
    if (soldOut) Object.assign(offer, { status: "sold_out", sold_out_at: now, ended_at: now });
    for (const claim of group) claim.resolve(outcomes.get(claim) ?? refused(offer.id, "offer_ended"));
    for (const { claim, coupon } of wins) {
      const { viewerId, socketId } = claim.claimant;
      const outcome = outcomes.get(claim) as ClaimOutcome;
      // the outcome carries the coupon: no separate coupon push, so each socket hears of it once
      this.events.outcome(shop.id, viewerId, outcome, socketId);
    }
    if (changed) this.events.stock(roomId, stockOf(offer));
    if (soldOut) this.events.changed(roomId, toOfferView(offer, state.template, config));
  }

  /**
   * Ends an offer: the draw first for a lucky bag, then the record, then everyone is told. Only
   * the node whose conditional write takes the offer from live ends it; on any other node (or
   * if it sold out meanwhile) the offer is already over, and this node just learns so.
   */
  private async end(state: OfferState, now: number): Promise<OfferView> {
    const offer = state.row;
    const status = nextStatus(offer.status as OfferStatus, "end");
    const shop = await requireShop(this.ctx.store.db, offer.shop_id);
    const outcome = await this.ctx.store.db.transaction().execute(async (trx) => {
      // the write comes first, so on either database the second node waits for the first and then matches nothing
      if (!(await endIfLive(trx, offer.id, now)))
        return { over: await lockOffer(trx, offer.id, this.ctx.store.dialect) };
      const result = offer.mode === "draw" ? await this.draw(trx, shop, state, now) : null;
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
      for (const { viewerId, coupon } of winners) {
        const won = toCoupon(coupon, now);
        this.events.outcome(shop.id, viewerId, { offerId: offer.id, result: "won", coupon: won }, null);
      }
      for (const viewerId of losers) this.events.outcome(shop.id, viewerId, refused(offer.id, "not_drawn"), null);
      this.events.stock(offer.room_id, stockOf(offer));
    }
    return view;
  }

  /**
   * The lucky bag: entries in arrival order, a fresh 32-byte seed, winners drawn from both,
   * and all three recorded so the draw can be re-run and checked.
   */
  private async draw(trx: Executor, shop: Shop, state: OfferState, now: number) {
    const offer = state.row;
    const entries = (await listEntries(trx, offer.id)).map((e) => e.viewer_id);
    const seed = randomBytes(32);
    const drawnIds = drawWinners(entries, Number(offer.stock), seed);
    const growth = await growthOf(trx, shop.id, drawnIds);
    const winners: { viewerId: string; coupon: CouponRow }[] = [];
    const granted = await grantDeals(
      trx,
      shop,
      offer,
      state.template,
      drawnIds.map((viewerId) => ({ viewerId, growth: growth.get(viewerId) ?? 0 })),
      now,
    );
    for (const [i, viewerId] of drawnIds.entries()) {
      const grant = granted[i] as GrantedDeal;
      if ("refusal" in grant) continue;
      await markWon(trx, offer.id, viewerId, grant.coupon.code, now);
      winners.push({ viewerId, coupon: grant.coupon });
    }
    const wonIds = new Set(winners.map((w) => w.viewerId));
    await insertDraw(trx, {
      offer_id: offer.id,
      seed: seed.toString("hex"),
      entries: JSON.stringify(entries),
      winners: JSON.stringify(drawnIds),
      drawn_at: now,
    });
    return { winners, losers: entries.filter((id) => !wonIds.has(id)) };
  }
}

type GrantedDeal = { coupon: CouponRow } | { refusal: ClaimRefusal };

const isOfferOver = (error: unknown) => error instanceof EncoreError && error.code === "offer_ended";

/** For callers to whom an offer that another node already ended is no failure. */
function ignoreOfferOver(error: unknown): null {
  if (isOfferOver(error)) return null;
  throw error;
}

const GRANT_REFUSALS: Record<GrantRefusal, ClaimRefusal> = {
  sold_out: "sold_out",
  tier_too_low: "tier_too_low",
  coupon_limit: "already_claimed",
};

/**
 * Deal coupons for several viewers at once, through the single issuing path; its refusals
 * become the claims'. An experiment on the deal coupon decides which template each viewer's win gives.
 */
async function grantDeals(
  trx: Executor,
  shop: Shop,
  offer: OfferRow,
  template: CouponTemplateRow,
  claimants: { viewerId: string; growth: number }[],
  now: number,
): Promise<GrantedDeal[]> {
  if (claimants.length === 0) return [];
  const arms = await armsFor(
    trx,
    shop.id,
    "offer_coupon",
    claimants.map((c) => c.viewerId),
  );
  const armTemplates = new Map<string, CouponTemplateRow | undefined>();
  for (const { arm } of arms.values()) {
    if (arm?.templateId && !armTemplates.has(arm.templateId)) {
      armTemplates.set(arm.templateId, await findTemplate(trx, shop.id, arm.templateId));
    }
  }
  const issued = await issueCoupons(
    trx,
    shop.config,
    claimants.map(({ viewerId, growth }) => {
      const armTemplateId = arms.get(viewerId)?.arm?.templateId;
      const armTemplate = armTemplateId ? armTemplates.get(armTemplateId) : undefined;
      return {
        shopId: shop.id,
        viewerId,
        viewerGrowth: growth,
        template: armTemplate?.active === 1 ? armTemplate : template,
        source: "deal",
        sourceRef: offer.id,
        grantKey: `deal:${offer.id}:${viewerId}`,
        now,
      };
    }),
  );
  const exposed = new Map<string, AppliedArm>();
  claimants.forEach(({ viewerId }, i) => {
    const applied = arms.get(viewerId);
    if (applied && !("refusal" in (issued[i] as Issued))) exposed.set(viewerId, applied);
  });
  await exposeAll(trx, shop.id, exposed, now);
  return issued.map((result) => ("refusal" in result ? { refusal: GRANT_REFUSALS[result.refusal] } : result));
}

/** What the cached state alone can refuse; tier and stock across nodes need the database. */
function earlyRefusal(state: OfferState, claimant: Claimant, now: number): ClaimRefusal | null {
  return claimRefusal(
    claimStateOf(state, claimant.shop.config.tiers),
    {
      guest: claimant.viewerId === null,
      muted: claimant.muted,
      taken: claimant.viewerId !== null && state.taken.has(claimant.viewerId),
      tierIndex: null,
    },
    now,
  );
}

function claimStateOf(state: OfferState, tiers: readonly TierConfig[]): ClaimState {
  const { row } = state;
  return {
    status: row.status as OfferStatus,
    mode: row.mode as OfferMode,
    remaining: Number(row.stock) - Number(row.claimed),
    endsAt: Number(row.ends_at),
    minTierIndex: row.min_tier ? tiers.findIndex((t) => t.key === row.min_tier) : -1,
  };
}

function stockOf(row: OfferRow): OfferStock {
  const claimed = Number(row.claimed);
  return { offerId: row.id, remaining: Number(row.stock) - claimed, claimed };
}
