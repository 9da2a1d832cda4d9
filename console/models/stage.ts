import { effect, type ReadonlySignal, signal } from "@preact/signals";
import { listen } from "../../client/listen.js";
import type { Transport } from "../../client/transport.js";
import { HostEvent, HostPush } from "../../protocol/events.js";
import type { StageSpot } from "../../protocol/stage.js";
import type { Requests } from "./requests.js";

export interface StageModel {
  /** 连麦: the room's guest spot as last heard (invited, accepted, on stage, or just ended), or null */
  stageSpot: ReadonlySignal<StageSpot | null>;
  /** one tap: invite a viewer in the room on stage */
  inviteToStage(viewerId: string): Promise<boolean>;
  /** end the guest spot (withdraws an invitation not yet accepted) */
  endStage(): Promise<boolean>;
  loadStage(): Promise<void>;
  dispose(): void;
}

/** The host's side of 连麦: the room's one guest spot, pushed to every console of the room as it changes. */
export function createStageModel(transport: Pick<Transport, "on">, deps: { run: Requests["run"] }): StageModel {
  const stageSpot = signal<StageSpot | null>(null);
  const stop = effect(() =>
    listen(transport, {
      [HostPush.stage]: (spot) => {
        stageSpot.value = spot;
      },
    }),
  );
  return {
    stageSpot,
    async inviteToStage(viewerId) {
      const spot = await deps.run("stageInvite", HostEvent.stageInvite, { viewerId });
      if (spot) stageSpot.value = spot;
      return spot !== null;
    },
    async endStage() {
      const current = stageSpot.peek();
      if (!current) return false;
      const spot = await deps.run("stageEnd", HostEvent.stageEnd, { spotId: current.spotId });
      if (spot) stageSpot.value = spot;
      return spot !== null;
    },
    async loadStage() {
      const data = await deps.run("stage", HostEvent.stage, {});
      if (data?.spot) stageSpot.value = data.spot;
    },
    dispose: stop,
  };
}
