import type { ClaimOutcome } from "../../../protocol/index.js";
import { toCoupon, toOfferView } from "../../adapters.js";
import { type ClaimDecision, decideClaimRound } from "../../domain/claims.js";
import { nextStatus } from "../../domain/offers.js";
import { gateIndex } from "../../domain/room-gate.js";
import { tierIndexFor } from "../../domain/tiers.js";
import { stormTrace } from "../../shared/storm-trace.js";
import { toNumber } from "../../store/numbers.js";
import {
  enteredQuery,
  entryInserts,
  growthQuery,
  lastEntrySeqQuery,
  lockOfferQuery,
  updateOfferQuery,
} from "../../store/offers.js";
import type { CouponRow, OfferEntryRow } from "../../store/schema.js";
import { roomMinTierQuery } from "../../store/shops.js";
import { type ReadResults, readTogether, writeTogether } from "../../store/together.js";
import type { Context } from "../context.js";
import type { Shop } from "../shops.js";
import { DealGrants, type DealLocked, dealLocks, dealReads, type GrantedDeal, lockArmTemplates } from "./deals.js";
import {
  type Claimant,
  claimStateOf,
  earlyRefusal,
  entrantOf,
  type OfferEvents,
  type OfferState,
  refused,
  stockOf,
} from "./state.js";

export interface PendingClaim {
  claimant: Claimant & { viewerId: string };
  /** the offer whose keyword the comment matched */
  offerId: string;
  resolve(outcome: ClaimOutcome): void;
  reject(error: unknown): void;
}

/**
 * Claims queued before a flush is asked for at once rather than on the next turn of the event
 * loop. A server behind on a storm's frames reads thousands of them in one poll phase, and the
 * next turn (setImmediate) comes only after all of them: the first claims, the ones that sell
 * the stock out, waited for the last (1.8 s in a storm measured on a loaded machine).
 */
export const FLUSH_AT_CLAIMS = 128;

/**
 * First-come claims read within one turn of the event loop that say a storm is beginning: the
 * flush waits up to GATHER_MS (or for FLUSH_AT_CLAIMS) rather than taking these few. The batch
 * taken at the turn would commit alone while the claims right behind it, the ones that sell the
 * stock out, waited for it: on Postgres a first batch of 15 took 89 ms of round trips on the
 * storm's busy loop, every later claim waiting too.
 */
export const STORM_TURN_CLAIMS = 8;
export const GATHER_MS = 15;

/**
 * Claims that arrive together wait here. The first one asks for a flush on the next turn of the
 * event loop, or as soon as FLUSH_AT_CLAIMS first-come claims are waiting; whoever flushes takes
 * everything queued by then, so a storm of "1"s becomes a few large batches rather than many small
 * ones. A turn that read STORM_TURN_CLAIMS first-come claims or more waits GATHER_MS longer.
 * Flushes run one after another (the offer desk's lane): claims that arrive while a batch commits
 * form the next one.
 */
export class ClaimQueue {
  private queue: PendingClaim[] = [];
  private flushScheduled = false;
  private flushNow = false;
  private sinceAsked = 0;
  /** first-come claims added since the next turn was asked for */
  private earlyThisTurn = 0;

  constructor(private readonly flush: () => void) {}

  /**
   * `early`: the claim may sell the stock out, so the batch it is in should not wait for the turn.
   * A lucky bag's claims only enter, whenever they are decided: they wait for the turn and go in
   * one batch, one transaction for all of them rather than one per FLUSH_AT_CLAIMS.
   */
  add(claim: PendingClaim, early = true): void {
    this.queue.push(claim);
    stormTrace.mark("claims queued");
    // counted since the last flush asked for: while a batch commits, claims keep queueing behind it
    if (early && ++this.sinceAsked >= FLUSH_AT_CLAIMS && !this.flushNow) {
      this.flushNow = true;
      this.sinceAsked = 0;
      queueMicrotask(() => {
        stormTrace.mark("flushes asked (enough claims)");
        this.flushNow = false;
        this.flush();
      });
    }
    if (early) this.earlyThisTurn++;
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      const gather = this.earlyThisTurn >= STORM_TURN_CLAIMS && this.queue.length > 0;
      this.earlyThisTurn = 0;
      if (gather) {
        setTimeout(() => {
          stormTrace.mark("flushes asked (gathered)");
          // the gathered claims go in this flush: they say nothing of the turn after it
          this.earlyThisTurn = 0;
          this.flushScheduled = false;
          if (this.queue.length > 0) this.flush();
        }, GATHER_MS);
        return;
      }
      stormTrace.mark("flushes asked (next turn)");
      this.flushScheduled = false;
      if (this.queue.length > 0) this.flush();
    });
  }

  /** Everything queued so far, grouped by room in arrival order; the queue starts empty again. */
  take(): Map<string, PendingClaim[]> {
    const batch = this.queue;
    this.queue = [];
    const byRoom = new Map<string, PendingClaim[]>();
    for (const claim of batch) {
      const group = byRoom.get(claim.claimant.roomId) ?? [];
      group.push(claim);
      byRoom.set(claim.claimant.roomId, group);
    }
    return byRoom;
  }

  /** Claims taken but not decided, back at the head of the queue (they arrived before any queued now), flushed next. */
  putBack(claims: PendingClaim[]): void {
    if (claims.length === 0) return;
    this.queue.unshift(...claims);
    this.flushNow = true;
    queueMicrotask(() => {
      this.flushNow = false;
      this.flush();
    });
  }
}

/**
 * One transaction for every claim of a room that arrived together, decided in arrival order;
 * then the cached state, the answers and the room are brought up to date. `state` is the room's
 * cached offer, changed in place once the transaction commits.
 */
export async function commitClaims(
  ctx: Context,
  events: OfferEvents,
  roomId: string,
  state: OfferState | null,
  arrived: PendingClaim[],
): Promise<void> {
  const now = ctx.clock.now();
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
  const stock = offer.stock;
  let claimed = offer.claimed;
  let soldOut = false;
  let seq = state.nextSeq;
  const taken = new Set<string>();
  const wins: { claim: PendingClaim; coupon: CouponRow }[] = [];
  const entrant = entrantOf(offer);

  await ctx.store.db.transaction().execute(async (trx) => {
    const { dialect } = ctx.store;
    const viewerIds = [...new Set(group.map((c) => c.claimant.viewerId))];
    // The batch's round trips on Postgres: the locks with what needs no lock, what the locks
    // guard, then every write in one statement (store/together.ts). Each round trip waits for a
    // turn of an event loop busy with arriving claims, and the claims behind wait for this batch.
    const shared = {
      offer: lockOfferQuery(trx, offer.id, dialect),
      growth: growthQuery(trx, dialect, shop.id, viewerIds),
      room: roomMinTierQuery(trx, roomId),
    };
    // A lucky bag's claims only enter (its coupons come with the draw): its batches read nothing
    // of the deal and lock no template, so they do not wait behind other issuers of it.
    let locked: ReadResults<typeof shared>;
    let dealLocked: DealLocked | null = null;
    if (offer.mode === "first_come") {
      const both = { ...shared, ...dealLocks(trx, shop.id, state.template.id) };
      dealLocked = await lockArmTemplates(trx, shop.id, await readTogether(trx, both));
      locked = dealLocked as ReadResults<typeof both>;
    } else locked = await readTogether(trx, shared);
    // Other nodes may have taken claims since this node's cache was filled: decide against the
    // locked row and the entries in the database, so stock holds across every node. These reads
    // come after the lock, so they see whatever the lock waited for.
    const entered = {
      entered: enteredQuery(trx, dialect, offer.id, viewerIds),
      lastSeq: lastEntrySeqQuery(trx, offer.id),
    };
    let guarded: ReadResults<typeof entered>;
    let deals: DealGrants | null = null;
    if (dealLocked) {
      // whose grants and holdings to read: a viewer this node saw win cannot win again
      const mayWin = viewerIds.filter((id) => !state.taken.has(id));
      const both = { ...entered, ...dealReads(trx, shop.id, offer.id, dealLocked, mayWin) };
      const read = await readTogether(trx, both);
      deals = new DealGrants(shop, offer, state.template, dealLocked, read);
      guarded = read;
    } else guarded = await readTogether(trx, entered);
    const [fresh] = locked.offer;
    if (fresh) {
      claimed = fresh.claimed;
      Object.assign(offer, {
        status: fresh.status,
        claimed,
        ended_at: fresh.ended_at,
        sold_out_at: fresh.sold_out_at,
      });
    }
    const elsewhere = new Set(guarded.entered.map((row) => row.viewer_id));
    seq = Math.max(seq, toNumber(guarded.lastSeq[0]?.last) + 1);
    const growth = new Map(locked.growth.map((row) => [row.viewer_id, row.growth]));
    // a fan-only room: read once per batch, so a gate the host sets mid-offer applies at once
    const roomTierIndex = gateIndex(locked.room[0]?.min_tier ?? null, config.tiers);
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
      const decisions = decideClaimRound(
        {
          ...claimStateOf(state, config.tiers),
          roomTierIndex,
          id: offer.id,
          remaining: soldOut ? 0 : stock - claimed,
        },
        undecided.map(({ offerId, claimant: { viewerId, muted } }) => ({
          offerId,
          viewerId,
          muted,
          taken: state.taken.has(viewerId) || taken.has(viewerId) || elsewhere.has(viewerId),
          tierIndex: tierIndexFor(growth.get(viewerId) ?? 0, config.tiers),
        })),
        now,
      );
      const candidates: PendingClaim[] = [];
      const later: PendingClaim[] = [];
      undecided.forEach((claim, i) => {
        const decision = decisions[i] as ClaimDecision;
        if (decision.kind === "refused") outcomes.set(claim, refused(claim.offerId, decision.reason));
        else if (decision.kind === "candidate") candidates.push(claim);
        else if (decision.kind === "later") later.push(claim);
        else {
          entries.push(entryOf(claim));
          taken.add(claim.claimant.viewerId);
          outcomes.set(claim, { offerId: offer.id, result: "entered", ...entrant(claim.claimant.viewerId) });
        }
      });
      if (candidates.length > 0 && !deals) throw new Error(`offer ${offer.id}: a candidate without its deal read`);
      const granted =
        deals?.grant(
          candidates.map((c) => ({ viewerId: c.claimant.viewerId, growth: growth.get(c.claimant.viewerId) ?? 0 })),
          now,
        ) ?? [];
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
    // Only the batch that takes the offer from live to sold out records it and tells the room;
    // batches behind it (queued while it committed) find it sold out already.
    soldOut = offer.status === "live" && (soldOut || (offer.mode === "first_come" && claimed >= stock));
    await writeTogether(trx, [
      ...(deals?.writes(trx, now) ?? []),
      ...entryInserts(trx, entries),
      ...(wins.length > 0 || soldOut
        ? [
            updateOfferQuery(trx, offer.id, {
              claimed,
              ...(soldOut ? { status: nextStatus("live", "sell_out"), sold_out_at: now, ended_at: now } : {}),
            }),
          ]
        : []),
    ]);
  });

  // Committed: now the cache, the answers, and the room.
  const changed = wins.length > 0 || soldOut;
  for (const id of taken) state.taken.add(id);
  state.nextSeq = seq;
  offer.claimed = claimed;
  if (soldOut) Object.assign(offer, { status: "sold_out", sold_out_at: now, ended_at: now });
  for (const claim of group) claim.resolve(outcomes.get(claim) ?? refused(offer.id, "offer_ended"));
  for (const { claim } of wins) {
    const { viewerId, socketId } = claim.claimant;
    const outcome = outcomes.get(claim) as ClaimOutcome;
    // the outcome carries the coupon: no separate coupon push, so each socket hears of it once
    events.outcome(shop.id, viewerId, outcome, socketId);
  }
  if (changed) events.stock(roomId, stockOf(offer));
  if (soldOut) events.changed(roomId, toOfferView(offer, state.template, config));
}
