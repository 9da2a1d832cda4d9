import { computed, effect, type ReadonlySignal, signal } from "@preact/signals";
import { listen } from "../../client/listen.js";
import type { Transport } from "../../client/transport.js";
import type { TierConfig } from "../../protocol/config.js";
import { HostEvent, ServerEvent } from "../../protocol/events.js";
import type { RoomState, Snapshot } from "../../protocol/wire.js";
import type { Requests } from "./requests.js";

export interface LiveModel {
  room: ReadonlySignal<RoomState | null>;
  /** the shop's tiers, for the offer's and the template's tier gate */
  tiers: ReadonlySignal<TierConfig[]>;
  setLive(live: boolean): Promise<boolean>;
  dispose(): void;
}

/** The room going live and ending: its state from the snapshot, then from pushes and the host's own calls. */
export function createLiveModel(
  transport: Pick<Transport, "on">,
  deps: { snapshot: ReadonlySignal<Snapshot | null>; run: Requests["run"] },
): LiveModel {
  /** the room as pushed since the last snapshot; a new snapshot supersedes it */
  const pushed = signal<RoomState | null>(null);
  const stop = effect(() =>
    listen(transport, {
      [ServerEvent.snapshot]: () => (pushed.value = null),
      [ServerEvent.room]: (next) => (pushed.value = next),
    }),
  );
  return {
    room: computed(() => pushed.value ?? deps.snapshot.value?.room ?? null),
    tiers: computed(() => deps.snapshot.value?.config.tiers ?? []),
    async setLive(live) {
      const data = await deps.run("live", HostEvent.live, { live });
      if (data) pushed.value = data;
      return data !== null;
    },
    dispose: stop,
  };
}
