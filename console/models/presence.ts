import { type ReadonlySignal, signal } from "@preact/signals";
import { HostEvent } from "../../protocol/events.js";
import type { PresentList } from "../../protocol/live.js";
import type { Requests } from "./requests.js";

export interface PresenceModel {
  /** "who is here" as last read, or null before the first read */
  present: ReadonlySignal<PresentList | null>;
  /** viewers greeted from this console, by id: what went with the greeting */
  greeted: ReadonlySignal<ReadonlyMap<string, { coupon: boolean }>>;
  loadPresent(): Promise<void>;
  /** one tap: a greeting, with a coupon of `templateId` if the host chose one */
  greet(viewerId: string, templateId: string | null): Promise<boolean>;
  dispose(): void;
}

/** A key per tap: a retry of the same tap (after a timeout) replays it; a new tap is a new greeting. */
const tapKey = () => `greet-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** The host's "who is here": the notable viewers in the room now, and greeting one of them. */
export function createPresenceModel(deps: { run: Requests["run"] }): PresenceModel {
  const present = signal<PresentList | null>(null);
  const greeted = signal<ReadonlyMap<string, { coupon: boolean }>>(new Map());
  return {
    present,
    greeted,
    async loadPresent() {
      const data = await deps.run("present", HostEvent.present, {});
      if (data) present.value = data;
    },
    async greet(viewerId, templateId) {
      const data = await deps.run("greet", HostEvent.greet, { viewerId, templateId, idempotencyKey: tapKey() });
      if (data) greeted.value = new Map(greeted.value).set(viewerId, { coupon: data.coupon !== null });
      return data !== null;
    },
    dispose() {},
  };
}
