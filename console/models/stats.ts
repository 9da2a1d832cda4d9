import { batch, effect, type ReadonlySignal, signal, untracked } from "@preact/signals";
import { listen } from "../../client/listen.js";
import type { Transport } from "../../client/transport.js";
import { HostEvent, HostPush } from "../../protocol/events.js";
import type { HostStats, Winner } from "../../protocol/live.js";
import { appendPoint, type StatsPoint } from "./history.js";
import type { Requests } from "./requests.js";
import type { ServerTime } from "./server-time.js";

/** Every winner of one offer loaded so far, in the order they won (host:winners:get pages). */
export interface WinnerList {
  offerId: string;
  winners: Winner[];
}

export interface StatsModel {
  stats: ReadonlySignal<HostStats | null>;
  history: ReadonlySignal<StatsPoint[]>;
  /** the whole winners list of the offer the live panel shows, once the host asks for it */
  allWinners: ReadonlySignal<WinnerList | null>;
  /** loads the first page of the shown offer's winners, or the next page once some are loaded */
  loadWinners(): Promise<boolean>;
  /** back to the newest winners only */
  closeWinners(): void;
  /** asks for a figure now instead of waiting for the next push */
  loadStats(): Promise<void>;
  dispose(): void;
}

/** The live panel's numbers: the latest figure, the chart's window of them, and the offer's winners. */
export function createStatsModel(
  transport: Pick<Transport, "on" | "call">,
  deps: { run: Requests["run"]; time: ServerTime },
): StatsModel {
  const stats = signal<HostStats | null>(null);
  const history = signal<StatsPoint[]>([]);
  const allWinners = signal<WinnerList | null>(null);

  const accept = (next: HostStats) =>
    batch(() => {
      stats.value = next;
      history.value = appendPoint(history.value, next);
      deps.time.sync(next.at);
    });

  const disposers = [
    effect(() => listen(transport, { [HostPush.stats]: accept })),
    // A whole winners list belongs to one offer: a new offer on the panel closes it.
    effect(() => {
      const shown = stats.value?.offer?.id ?? null;
      if (untracked(() => allWinners.value && allWinners.value.offerId !== shown)) allWinners.value = null;
    }),
  ];

  return {
    stats,
    history,
    allWinners,
    async loadWinners() {
      const offerId = stats.value?.offer?.id;
      if (!offerId) return false;
      const loaded = allWinners.value?.offerId === offerId ? allWinners.value.winners : [];
      const page = await deps.run("winners", HostEvent.winners, { offerId, offset: loaded.length });
      if (!page) return false;
      // the panel may have moved on to another offer while the page was on its way
      if (stats.value?.offer?.id !== page.offerId) return true;
      const kept = allWinners.value?.offerId === page.offerId ? allWinners.value.winners.slice(0, page.offset) : [];
      // closed while a later page was on its way: that page alone would start the list mid-way
      if (kept.length < page.offset) return true;
      allWinners.value = { offerId: page.offerId, winners: [...kept, ...page.winners] };
      return true;
    },
    closeWinners() {
      allWinners.value = null;
    },
    async loadStats() {
      const ack = await transport.call(HostEvent.stats, {});
      if (ack.ok) accept(ack.data);
    },
    dispose() {
      for (const dispose of disposers) dispose();
    },
  };
}
