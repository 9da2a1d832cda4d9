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
 * A backstop for writes this process cannot hear of: the command line changing the same SQLite
 * file. Writes through any server's store are heard at once (below, and from other nodes).
 */
const KEPT_MS = 10_000;
/** Rooms (and shops' keys) kept at most; beyond it the longest kept goes first. */
const KEYS_KEPT = 10_000;

interface Kept<T> {
  generation: number;
  at: number;
  value: Promise<T>;
}

/**
 * A room's shared join state (and its shop's signing keys), read once for all the viewers who arrive together instead of once
 * each (a room arriving at once is thousands of joins a second, each reading the same rows).
 * Exact: every committed write to the tables it is read from (store.changes, below every
 * repository) drops everything kept, on this node at once and on other nodes by `announce`. A read
 * under way when a change lands is handed to those who asked before it, and kept for nobody after.
 */
export class JoinState {
  private readonly rooms = new Map<string, Kept<RoomShared>>();
  private readonly shopKeys = new Map<string, Kept<VerificationKey[]>>();
  private generation = 0;
  private readonly unlisten: () => void;
  /** once closed it hears of no change, so it keeps nothing: every call reads */
  private closed = false;

  constructor(
    private readonly ctx: Context,
    /** tells the other nodes (clustered) that this node's store wrote what they keep */
    announce: () => void = () => {},
  ) {
    this.unlisten = ctx.store.changes.listen(() => {
      this.forget();
      announce();
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
    return this.keep(this.rooms, roomId, () => this.read(roomId));
  }

  /** A shop's signing keys, as verifyToken's `keysOf` (it picks those that verify at its instant). */
  keys(shopId: string): Promise<VerificationKey[]> {
    return this.keep(this.shopKeys, shopId, () => shopSigningKeys(this.ctx.store.db, shopId));
  }

  private keep<T>(kept: Map<string, Kept<T>>, key: string, read: () => Promise<T>): Promise<T> {
    if (this.closed) return read();
    const now = performance.now();
    const hit = kept.get(key);
    if (hit && hit.generation === this.generation && now - hit.at < KEPT_MS) return hit.value;
    const value = read();
    const entry = { generation: this.generation, at: now, value };
    kept.delete(key);
    kept.set(key, entry);
    if (kept.size > KEYS_KEPT) kept.delete(kept.keys().next().value as string);
    // a refusal (no such room) or a failed read is not kept
    value.catch(() => {
      if (kept.get(key) === entry) kept.delete(key);
    });
    return value;
  }

  /** Something it was read from changed (here or, told by another node, there). */
  forget(): void {
    this.generation++;
    this.rooms.clear();
    this.shopKeys.clear();
  }

  private async read(roomId: string): Promise<RoomShared> {
    const { db } = this.ctx.store;
    const room = await requireRoom(db, roomId);
    const shop = await requireShop(db, room.shop_id);
    const [rules, product, offer, templates, watchExperiment, stageSpot] = await Promise.all([
      campaignRules(db, shop),
      featuredProduct(this.ctx, roomId),
      liveOfferView(db, shop, roomId),
      listTemplates(db, shop.id),
      runningExperiment(db, shop.id, "watch_rate"),
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
