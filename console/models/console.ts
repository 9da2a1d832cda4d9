import { batch, computed, effect, type ReadonlySignal, signal, untracked } from "@preact/signals";
import { listen } from "../../client/listen.js";
import type { LinkState, Transport } from "../../client/transport.js";
import type { TierConfig } from "../../protocol/config.js";
import type { CouponTemplate, CouponTemplateInput } from "../../protocol/coupons.js";
import { ClientEvent, ServerEvent } from "../../protocol/events.js";
import type { ExperimentInput, ExperimentView, Insight } from "../../protocol/insight.js";
import type { HostComment, HostStats, OfferView, Winner } from "../../protocol/live.js";
import type { OfferStartPayload } from "../../protocol/payloads.js";
import type { Product } from "../../protocol/products.js";
import type { RoomState, Snapshot } from "../../protocol/wire.js";
import { locateProduct } from "../../widget/core/product-image.js";
import { appendPoint, type StatsPoint } from "./history.js";
import { createRequests, type Requests } from "./requests.js";

/** Whether the console may be used, and if not, why not: each case has its own words. */
export type Access =
  | { kind: "connecting" }
  /** no attempt has reached the server yet; the transport keeps trying */
  | { kind: "unreachable" }
  | { kind: "ready" }
  | { kind: "refused"; code: string }
  | { kind: "no_token" }
  | { kind: "not_host" };

/** Every winner of one offer loaded so far, in the order they won (host:winners:get pages). */
export interface WinnerList {
  offerId: string;
  winners: Winner[];
}

/** How many comments the room panel keeps; the rest scroll away like the room does. */
export const COMMENTS_KEPT = 40;

export interface ConsoleOptions {
  /** the console was given a token at all; without one the server would admit it as a guest */
  hasToken: boolean;
  /** the local clock, for the offer's countdown between server pushes */
  clock?: () => number;
  /** the Encore server's origin, where product pictures given as paths live */
  server?: string;
}

export interface HostConsole {
  link: ReadonlySignal<LinkState>;
  access: ReadonlySignal<Access>;
  room: ReadonlySignal<RoomState | null>;
  /** the shop's tiers, for the offer's and the template's tier gate */
  tiers: ReadonlySignal<TierConfig[]>;
  product: ReadonlySignal<Product | null>;
  /** the shop's catalogue, what the host features from; null until loaded */
  catalogue: ReadonlySignal<Product[] | null>;
  offer: ReadonlySignal<OfferView | null>;
  stats: ReadonlySignal<HostStats | null>;
  history: ReadonlySignal<StatsPoint[]>;
  /** the room's comment sample, newest first, with who said each (for muting) */
  comments: ReadonlySignal<HostComment[]>;
  /** viewers this console muted (or unmuted: false) */
  muted: ReadonlySignal<ReadonlyMap<string, boolean>>;
  templates: ReadonlySignal<CouponTemplate[]>;
  /** the whole winners list of the offer the live panel shows, once the host asks for it */
  allWinners: ReadonlySignal<WinnerList | null>;
  /** loads the first page of the shown offer's winners, or the next page once some are loaded */
  loadWinners(): Promise<boolean>;
  /** back to the newest winners only */
  closeWinners(): void;
  /** server time now, ticking locally while an offer is live */
  now: ReadonlySignal<number>;
  requests: Pick<Requests, "busy" | "refusals" | "dismiss">;
  setLive(live: boolean): Promise<boolean>;
  /** features a product of the catalogue by its sku, or nothing (null) */
  feature(sku: string | null): Promise<boolean>;
  loadCatalogue(): Promise<boolean>;
  createTemplate(input: CouponTemplateInput): Promise<CouponTemplate | null>;
  loadTemplates(): Promise<boolean>;
  startOffer(input: OfferStartPayload): Promise<OfferView | null>;
  stopOffer(): Promise<boolean>;
  mute(viewerId: string, muted: boolean): Promise<boolean>;
  /** the dashboard's figures, loaded when the dashboard is shown or refreshed */
  insight: ReadonlySignal<Insight | null>;
  loadInsight(): Promise<boolean>;
  startExperiment(input: ExperimentInput): Promise<ExperimentView | null>;
  stopExperiment(experimentId: string): Promise<ExperimentView | null>;
  dispose(): void;
}

/** Comments heard live (newest first) followed by earlier ones (oldest first), each once, at most COMMENTS_KEPT. */
export function withEarlier(heard: readonly HostComment[], earlier: readonly HostComment[]): HostComment[] {
  const known = new Set(heard.map((c) => c.id));
  const older = earlier.filter((c) => !known.has(c.id)).reverse();
  return [...heard, ...older].slice(0, COMMENTS_KEPT);
}

/**
 * The host console's state: what the server pushed, what the host did, and what was refused.
 * Every subscription to the transport and every timer lives inside an `effect`, so `dispose()`
 * leaves nothing running.
 */
export function createHostConsole(transport: Transport, options: ConsoleOptions): HostConsole {
  const clock = options.clock ?? Date.now;
  const located = (next: Product) => locateProduct(next, options.server ?? "");
  const requests = createRequests(transport);
  const link = signal<LinkState>(transport.link);
  const snapshot = signal<Snapshot | null>(null);
  const roomPush = signal<RoomState | null>(null);
  const product = signal<Product | null>(null);
  const catalogue = signal<Product[] | null>(null);
  const offer = signal<OfferView | null>(null);
  const stats = signal<HostStats | null>(null);
  const history = signal<StatsPoint[]>([]);
  const comments = signal<HostComment[]>([]);
  const muted = signal<ReadonlyMap<string, boolean>>(new Map());
  const templates = signal<CouponTemplate[]>([]);
  const insight = signal<Insight | null>(null);
  const allWinners = signal<WinnerList | null>(null);
  const forbidden = signal(false);
  /** server time minus local time, from the latest server figure */
  const offset = signal(0);
  const tick = signal(clock());

  const access = computed<Access>(() => {
    const status = link.value;
    if (status.state === "offline") return { kind: "refused", code: status.error };
    if (!options.hasToken) return { kind: "no_token" };
    if (forbidden.value) return { kind: "not_host" };
    const snap = snapshot.value;
    if (!snap) return status.state === "reconnecting" ? { kind: "unreachable" } : { kind: "connecting" };
    if (!snap.viewer) return { kind: "no_token" };
    if (snap.viewer.role !== "host") return { kind: "not_host" };
    return { kind: "ready" };
  });
  const room = computed(() => roomPush.value ?? snapshot.value?.room ?? null);
  const tiers = computed(() => snapshot.value?.config.tiers ?? []);
  const now = computed(() => tick.value + offset.value);

  const acceptStats = (next: HostStats) => {
    batch(() => {
      stats.value = next;
      history.value = appendPoint(history.value, next);
      offset.value = next.at - clock();
      tick.value = clock();
    });
  };

  // A refusal saying the token is not a host's closes the console, whichever action met it.
  const run: Requests["run"] = async (action, event, payload) => {
    const data = await requests.run(action, event, payload);
    if (data === null && requests.refusals.value[action]?.code === "forbidden") forbidden.value = true;
    return data;
  };

  const disposers = [
    effect(() => transport.onLink((next) => (link.value = next))),
    effect(() =>
      listen(transport, {
        // also after a reconnect the server could not recover: whatever changed meanwhile is in it
        [ServerEvent.snapshot]: (snap) =>
          batch(() => {
            snapshot.value = snap;
            roomPush.value = null;
            product.value = snap.product && located(snap.product);
            offer.value = snap.offer;
            offset.value = snap.serverTime - clock();
            tick.value = clock();
          }),
        [ServerEvent.room]: (next) => (roomPush.value = next),
        [ServerEvent.product]: (next) => (product.value = next && located(next)),
        // the shop changed its catalogue while the picker was loaded
        [ServerEvent.shelf]: (next) => (catalogue.value = next.products.map(located)),
        [ServerEvent.offer]: (next) => (offer.value = next),
        [ServerEvent.offerStock]: (stock) => {
          const current = offer.value;
          if (current && current.id === stock.offerId) offer.value = { ...current, remaining: stock.remaining };
        },
        [ServerEvent.hostStats]: acceptStats,
        // issued counts move with every coupon the shop issues, wherever it was issued
        [ServerEvent.hostTemplates]: (update) => (templates.value = update.templates),
        // the hosts' copy of each room batch: the same sample, with who said each comment
        [ServerEvent.hostComments]: (batch) => {
          if (batch.comments.length === 0) return;
          comments.value = [...batch.comments.slice().reverse(), ...comments.value].slice(0, COMMENTS_KEPT);
        },
      }),
    ),
    // Once the server has admitted a host: the template list and a first stats figure, without
    // waiting for the next push.
    effect(() => {
      if (access.value.kind !== "ready") return;
      // the loads write signals of their own; they must not become this effect's dependencies
      untracked(() => {
        void loadTemplates();
        void transport.call(ClientEvent.hostStats, {}).then((ack) => {
          if (ack.ok) acceptStats(ack.data);
        });
        // what the room said before this console joined (or reloaded), under what it has heard since
        void transport.call(ClientEvent.hostComments, {}).then((ack) => {
          if (ack.ok) comments.value = withEarlier(comments.value, ack.data.comments);
        });
      });
    }),
    // A whole winners list belongs to one offer: a new offer on the panel closes it.
    effect(() => {
      const shown = stats.value?.offer?.id ?? null;
      if (untracked(() => allWinners.value && allWinners.value.offerId !== shown)) allWinners.value = null;
    }),
    // The countdown moves every second while an offer is live, pushes or not.
    effect(() => {
      if (offer.value?.status !== "live") return;
      const timer = setInterval(() => (tick.value = clock()), 1000);
      return () => clearInterval(timer);
    }),
  ];

  async function loadTemplates(): Promise<boolean> {
    const data = await run("templates", ClientEvent.hostTemplates, {});
    if (data) templates.value = data.templates;
    return data !== null;
  }

  async function loadCatalogue(): Promise<boolean> {
    const data = await run("catalogue", ClientEvent.shelf, {});
    if (data) catalogue.value = data.products.map(located);
    return data !== null;
  }

  async function loadInsight(): Promise<boolean> {
    const data = await run("insight", ClientEvent.hostInsight, {});
    if (data) insight.value = data;
    return data !== null;
  }

  async function loadWinners(): Promise<boolean> {
    const offerId = stats.value?.offer?.id;
    if (!offerId) return false;
    const loaded = allWinners.value?.offerId === offerId ? allWinners.value.winners : [];
    const page = await run("winners", ClientEvent.hostWinners, { offerId, offset: loaded.length });
    if (!page) return false;
    // the panel may have moved on to another offer while the page was on its way
    if (stats.value?.offer?.id !== page.offerId) return true;
    const kept = allWinners.value?.offerId === page.offerId ? allWinners.value.winners.slice(0, page.offset) : [];
    // closed while a later page was on its way: that page alone would start the list mid-way
    if (kept.length < page.offset) return true;
    allWinners.value = { offerId: page.offerId, winners: [...kept, ...page.winners] };
    return true;
  }

  /** An experiment's new state replaces its old one in the dashboard's list. */
  const acceptExperiment = (view: ExperimentView) => {
    const current = insight.value;
    if (!current) return;
    const others = current.experiments.filter((e) => e.id !== view.id);
    insight.value = { ...current, experiments: [view, ...others].sort((a, b) => b.createdAt - a.createdAt) };
  };

  return {
    link,
    access,
    room,
    tiers,
    product,
    catalogue,
    offer,
    stats,
    history,
    comments,
    muted,
    templates,
    allWinners,
    loadWinners,
    closeWinners: () => {
      allWinners.value = null;
    },
    now,
    requests: { busy: requests.busy, refusals: requests.refusals, dismiss: requests.dismiss },
    async setLive(live) {
      const data = await run("live", ClientEvent.hostLive, { live });
      if (data) roomPush.value = data;
      return data !== null;
    },
    async feature(sku) {
      const data = await run("feature", ClientEvent.hostFeature, { sku });
      if (data) product.value = data.product && located(data.product);
      return data !== null;
    },
    loadCatalogue,
    async createTemplate(input) {
      const data = await run("templateCreate", ClientEvent.hostTemplateCreate, input);
      if (data) templates.value = [data, ...templates.value.filter((t) => t.id !== data.id)];
      return data;
    },
    loadTemplates,
    async startOffer(input) {
      const data = await run("offerStart", ClientEvent.hostOfferStart, input);
      if (data) offer.value = data;
      return data;
    },
    async stopOffer() {
      const current = offer.value;
      if (!current) return false;
      const data = await run("offerStop", ClientEvent.hostOfferStop, { offerId: current.id });
      if (data) offer.value = data;
      return data !== null;
    },
    async mute(viewerId, on) {
      const data = await run("mute", ClientEvent.hostMute, { viewerId, muted: on });
      if (data) muted.value = new Map(muted.value).set(data.viewerId, data.muted);
      return data !== null;
    },
    insight,
    loadInsight,
    async startExperiment(input) {
      const data = await run("experimentStart", ClientEvent.hostExperimentStart, input);
      if (data) acceptExperiment(data);
      return data;
    },
    async stopExperiment(experimentId) {
      const data = await run("experimentStop", ClientEvent.hostExperimentStop, { experimentId });
      if (data) acceptExperiment(data);
      return data;
    },
    dispose() {
      for (const dispose of disposers) dispose();
    },
  };
}
