import { effect, type ReadonlySignal, untracked } from "@preact/signals";
import type { Transport } from "../../client/transport.js";
import { type CommentsModel, createCommentsModel } from "./comments.js";
import { createInsightModel, type InsightModel } from "./insight.js";
import { createLinkModel, type LinkModel } from "./link.js";
import { createLiveModel, type LiveModel } from "./live.js";
import { createOfferModel, type OfferModel } from "./offer.js";
import { createPresenceModel, type PresenceModel } from "./presence.js";
import { createProductsModel, type ProductsModel } from "./products.js";
import type { Requests } from "./requests.js";
import { createServerTime } from "./server-time.js";
import { createStageModel, type StageModel } from "./stage.js";
import { createStatsModel, type StatsModel } from "./stats.js";
import { createTemplatesModel, type TemplatesModel } from "./templates.js";

export { COMMENTS_KEPT, withEarlier } from "./comments.js";
export type { Access } from "./link.js";
export type { WinnerList } from "./stats.js";

export interface ConsoleOptions {
  /** the console was given a token at all; without one the server would admit it as a guest */
  hasToken: boolean;
  /** the local clock, for the offer's countdown between server pushes */
  clock?: () => number;
  /** the Encore server's origin, where product pictures given as paths live */
  server?: string;
}

type Parts<M> = Omit<M, "dispose" | "loadStats" | "loadEarlier">;

/** Everything the console's components read and do: each concern's model, side by side. */
export interface HostConsole
  extends Omit<LinkModel, "dispose" | "snapshot" | "requests">,
    Parts<LiveModel>,
    Parts<ProductsModel>,
    Parts<OfferModel>,
    Parts<StatsModel>,
    Parts<CommentsModel>,
    Parts<TemplatesModel>,
    Parts<PresenceModel>,
    Omit<StageModel, "dispose" | "loadStage">,
    InsightModel {
  /** server time now, ticking locally while an offer is live */
  now: ReadonlySignal<number>;
  requests: Pick<Requests, "busy" | "refusals" | "dismiss">;
  dispose(): void;
}

/**
 * Builds the console's models on one transport. Each model subscribes and keeps its timers inside
 * an `effect`, so `dispose()` leaves nothing running.
 */
export function createHostConsole(transport: Transport, options: ConsoleOptions): HostConsole {
  const link = createLinkModel(transport, { hasToken: options.hasToken });
  const { run } = link.requests;
  const time = createServerTime(transport, options.clock ?? Date.now);
  const live = createLiveModel(transport, { snapshot: link.snapshot, run });
  const products = createProductsModel(transport, { run, server: options.server });
  const offer = createOfferModel(transport, { run, time });
  const stats = createStatsModel(transport, { run, time });
  const comments = createCommentsModel(transport, { run });
  const templates = createTemplatesModel(transport, { run });
  const insight = createInsightModel({ run });
  const presence = createPresenceModel({ run });
  const stage = createStageModel(transport, { run });

  // Once the server has admitted a host: the template list, a first stats figure and the room's
  // earlier comments, without waiting for the next push.
  const stopAdmitted = effect(() => {
    if (link.access.value.kind !== "ready") return;
    // the loads write signals of their own; they must not become this effect's dependencies
    untracked(() => {
      void templates.loadTemplates();
      void stats.loadStats();
      void comments.loadEarlier();
      void stage.loadStage();
    });
  });

  const models = [link, time, live, products, offer, stats, comments, templates, stage];
  const { dispose: _link, snapshot: _snapshot, requests, ...linkParts } = link;
  const { dispose: _stats, loadStats: _loadStats, ...statsParts } = stats;
  const { dispose: _comments, loadEarlier: _loadEarlier, ...commentsParts } = comments;
  const { dispose: _stage, loadStage: _loadStage, ...stageParts } = stage;
  return {
    ...linkParts,
    ...omitDispose(live),
    ...omitDispose(products),
    ...omitDispose(offer),
    ...statsParts,
    ...commentsParts,
    ...omitDispose(templates),
    ...omitDispose(presence),
    ...stageParts,
    ...insight,
    now: time.now,
    requests: { busy: requests.busy, refusals: requests.refusals, dismiss: requests.dismiss },
    dispose() {
      stopAdmitted();
      for (const model of models) model.dispose();
    },
  };
}

function omitDispose<M extends { dispose(): void }>(model: M): Omit<M, "dispose"> {
  const { dispose: _dispose, ...rest } = model;
  return rest;
}
