import type { ExchangeItem, OfferView, Product, PublicConfig } from "../../protocol/index.js";
import { toCatalogue, toOfferView, toPublicConfig } from "../adapters.js";
import { type CampaignRule, type CampaignState, campaignState } from "../domain/campaigns.js";
import type { VerificationKey } from "../domain/keys.js";
import { findTemplate, listTemplates } from "../store/coupons.js";
import type { Executor } from "../store/executor.js";
import { runningExperiment } from "../store/experiments.js";
import { liveOffer } from "../store/offers.js";
import type { ExperimentRow, RoomRow, StageSpotRow } from "../store/schema.js";
import { findOpenSpot } from "../store/stage.js";
import { campaignRules } from "./campaigns.js";
import type { Context } from "./context.js";
import { featuredProduct } from "./live-room.js";
import { requireRoom, requireShop, type Shop } from "./shops.js";
import { shopSigningKeys } from "./signing-keys.js";

/**
 * What every join of one room reads alike: the admission's checks and the snapshot's shared part.
 * Shared by every snapshot built from it: nothing may change it in place.
 */
export interface RoomShared {
  room: RoomRow;
  shop: Shop;
  /** the shop's campaigns and member days, as the snapshot's banner and watch boost read them */
  rules: CampaignRule[];
  product: Product | null;
  /** the campaign banner and boost at `now`, computed again only once they may have changed */
  campaign(now: number): CampaignState;
  /** the room's live offer, its claims so far as last committed */
  offer: OfferView | null;
  /** what points buy in the widget, stock left as last committed */
  catalogue: ExchangeItem[];
  /** the shop's running experiment on the watch rate: each viewer's arm is decided from it */
  watchExperiment: ExperimentRow | undefined;
  /** the room's open stage spot (who is on stage is worked out from it per snapshot) */
  stageSpot: StageSpotRow | undefined;
  /** the shop's config as the widget reads it (its tiers' names and perks, both languages) */
  config: PublicConfig;
  /** `config` as JSON, serialized once for every snapshot's frame (realtime/snapshot-frame.ts) */
  configJson: string;
}

/**
 * What every beat of one room reads alike: what decides whether a viewer may watch here and at
 * what rate their watching earns. A narrower part of the room than `RoomShared`, kept apart
 * because it is forgotten only when one of `EARNING_TABLES` is written: coupons issued or an
 * offer's claims (every few milliseconds in a storm or a sweep) leave it as it was.
 */
export interface RoomEarning {
  room: RoomRow;
  shop: Shop;
  /** the shop's campaigns and member days, as the watch boost reads them */
  rules: CampaignRule[];
  /** the shop's running experiment on the watch rate: each viewer's arm is decided from it */
  watchExperiment: ExperimentRow | undefined;
}

/** The tables `RoomEarning` is read from. */
const EARNING_TABLES: ReadonlySet<string> = new Set(["shops", "rooms", "campaigns", "experiments"]);

/**
 * A backstop for writes this process cannot hear of: the command line changing the same SQLite
 * file. Writes through any server's store are heard at once (below, and from other nodes).
 */
const KEPT_MS = 10_000;
/** Rooms (and shops' keys) kept at most; beyond it the longest kept goes first. */
const KEYS_KEPT = 10_000;

interface Kept<T> {
  /** the generation of what it was read from, as it was when the read began */
  generation: number;
  at: number;
  value: Promise<T>;
}

/**
 * A room's shared join state (and its shop's signing keys), read once for all the viewers who arrive together instead of once
 * each (a room arriving at once is thousands of joins a second, each reading the same rows);
 * and what its beats read alike, read once for all of them instead of in each beat's transaction.
 * Exact: every committed write to the tables they are read from (store.changes, below every
 * repository) drops what was read from them, on this node at once and on other nodes by
 * `announce`. A read under way when a change lands is handed to those who asked before it, and
 * kept for nobody after.
 */
export class JoinState {
  private readonly rooms = new Map<string, Kept<RoomShared>>();
  private readonly shopKeys = new Map<string, Kept<VerificationKey[]>>();
  private readonly earnings = new Map<string, Kept<RoomEarning>>();
  /** counts the changes to the join state's tables */
  private generation = 0;
  /** counts the changes to `EARNING_TABLES` */
  private earningGeneration = 0;
  private readonly unlisten: () => void;
  /** once closed it hears of no change, so it keeps nothing: every call reads */
  private closed = false;

  constructor(
    private readonly ctx: Context,
    /** tells the other nodes (clustered) that this node's store wrote these tables, which they keep reads of */
    announce: (tables: ReadonlySet<string>) => void = () => {},
  ) {
    this.unlisten = ctx.store.changes.listen((tables) => {
      this.forget(tables);
      announce(tables);
    });
  }

  /** Stops hearing of the store's changes (the app stops). */
  close(): void {
    this.unlisten();
    this.closed = true;
    this.forget();
  }

  /** The room's shared state; refused as requireRoom refuses an unknown room. */
  room(roomId: string): Promise<RoomShared> {
    return this.keep(this.rooms, roomId, this.generation, () => this.read(roomId));
  }

  /** A shop's signing keys, as verifyToken's `keysOf` (it picks those that verify at its instant). */
  keys(shopId: string): Promise<VerificationKey[]> {
    return this.keep(this.shopKeys, shopId, this.generation, () => shopSigningKeys(this.ctx.store.db, shopId));
  }

  /** What the room's beats read alike; refused as requireRoom refuses an unknown room. */
  earning(roomId: string): Promise<RoomEarning> {
    return this.keep(this.earnings, roomId, this.earningGeneration, () => this.readEarning(roomId));
  }

  private keep<T>(kept: Map<string, Kept<T>>, key: string, generation: number, read: () => Promise<T>): Promise<T> {
    if (this.closed) return read();
    const now = performance.now();
    const hit = kept.get(key);
    if (hit && hit.generation === generation && now - hit.at < KEPT_MS) return hit.value;
    const value = read();
    const entry = { generation, at: now, value };
    kept.delete(key);
    kept.set(key, entry);
    if (kept.size > KEYS_KEPT) kept.delete(kept.keys().next().value as string);
    // a refusal (no such room) or a failed read is not kept
    value.catch(() => {
      if (kept.get(key) === entry) kept.delete(key);
    });
    return value;
  }

  /**
   * These tables changed (here or, told by another node, there): what was read from them is
   * forgotten. Not told which: everything is.
   */
  forget(tables?: ReadonlySet<string>): void {
    this.generation++;
    this.rooms.clear();
    this.shopKeys.clear();
    if (!tables || [...tables].some((table) => EARNING_TABLES.has(table))) {
      this.earningGeneration++;
      this.earnings.clear();
    }
  }

  private async readEarning(roomId: string): Promise<RoomEarning> {
    const { db } = this.ctx.store;
    const room = await requireRoom(db, roomId);
    const shop = await requireShop(db, room.shop_id);
    const [rules, watchExperiment] = await Promise.all([
      campaignRules(db, shop),
      runningExperiment(db, shop.id, "watch_rate"),
    ]);
    return { room, shop, rules, watchExperiment };
  }

  private async read(roomId: string): Promise<RoomShared> {
    const { db } = this.ctx.store;
    // the part beats read alike is this room's too, kept or read once for both
    const { room, shop, rules, watchExperiment } = await this.earning(roomId);
    const [product, offer, templates, stageSpot] = await Promise.all([
      featuredProduct(this.ctx, roomId),
      liveOfferView(db, shop, roomId),
      listTemplates(db, shop.id),
      findOpenSpot(db, roomId),
    ]);
    let state: { from: number; value: CampaignState } | null = null;
    const campaign = (now: number) => {
      // a clock set back (tests drive one) is a new instant too
      if (!state || now < state.from || now >= state.value.until) {
        state = { from: now, value: campaignState(rules, now, shop.config.timezone) };
      }
      return state.value;
    };
    const config = toPublicConfig(shop.config);
    return {
      room,
      shop,
      rules,
      product,
      campaign,
      offer,
      catalogue: toCatalogue(templates),
      watchExperiment,
      stageSpot,
      config,
      configJson: JSON.stringify(config),
    };
  }
}

async function liveOfferView(db: Executor, shop: Shop, roomId: string): Promise<OfferView | null> {
  const row = await liveOffer(db, roomId);
  if (!row) return null;
  const template = await findTemplate(db, shop.id, row.template_id);
  return template ? toOfferView(row, template, shop.config) : null;
}
