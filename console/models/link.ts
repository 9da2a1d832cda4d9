import { computed, effect, type ReadonlySignal, signal } from "@preact/signals";
import { listen } from "../../client/listen.js";
import type { LinkState, Transport } from "../../client/transport.js";
import { ServerEvent } from "../../protocol/events.js";
import type { Snapshot } from "../../protocol/wire.js";
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

export interface LinkModel {
  link: ReadonlySignal<LinkState>;
  access: ReadonlySignal<Access>;
  /** the room as the server last described it whole; other models read their part of it */
  snapshot: ReadonlySignal<Snapshot | null>;
  /** every host action goes through here, so a refusal saying "not a host" closes the console */
  requests: Requests;
  dispose(): void;
}

/**
 * The link to the server and who the server let in: the transport's link state, the latest
 * snapshot, and whether this console is a host's.
 */
export function createLinkModel(transport: Transport, options: { hasToken: boolean }): LinkModel {
  const requests = createRequests(transport);
  const link = signal<LinkState>(transport.link);
  const snapshot = signal<Snapshot | null>(null);
  const forbidden = signal(false);

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

  // A refusal saying the token is not a host's closes the console, whichever action met it.
  const run: Requests["run"] = async (action, event, payload) => {
    const data = await requests.run(action, event, payload);
    if (data === null && requests.refusals.value[action]?.code === "forbidden") forbidden.value = true;
    return data;
  };

  const disposers = [
    effect(() => transport.onLink((next) => (link.value = next))),
    // also after a reconnect the server could not recover: whatever changed meanwhile is in it
    effect(() => listen(transport, { [ServerEvent.snapshot]: (snap) => (snapshot.value = snap) })),
  ];

  return {
    link,
    access,
    snapshot,
    requests: { ...requests, run },
    dispose() {
      for (const dispose of disposers) dispose();
    },
  };
}
