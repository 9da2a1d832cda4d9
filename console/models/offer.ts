import { effect, type ReadonlySignal, signal } from "@preact/signals";
import { listen } from "../../client/listen.js";
import type { Transport } from "../../client/transport.js";
import { HostEvent, ServerEvent } from "../../protocol/events.js";
import type { OfferView } from "../../protocol/live.js";
import type { OfferStartPayload } from "../../protocol/payloads.js";
import type { Requests } from "./requests.js";
import type { ServerTime } from "./server-time.js";

export interface OfferModel {
  offer: ReadonlySignal<OfferView | null>;
  startOffer(input: OfferStartPayload): Promise<OfferView | null>;
  stopOffer(): Promise<boolean>;
  dispose(): void;
}

/** The room's 扣1 offer: started and stopped by the host, its stock moved by the server's ticker. */
export function createOfferModel(
  transport: Pick<Transport, "on">,
  deps: { run: Requests["run"]; time: ServerTime },
): OfferModel {
  const offer = signal<OfferView | null>(null);
  const disposers = [
    effect(() =>
      listen(transport, {
        [ServerEvent.snapshot]: (snap) => (offer.value = snap.offer),
        [ServerEvent.offer]: (next) => (offer.value = next),
        [ServerEvent.offerStock]: (stock) => {
          const current = offer.value;
          if (current && current.id === stock.offerId) offer.value = { ...current, remaining: stock.remaining };
        },
      }),
    ),
    // The countdown moves every second while an offer is live, pushes or not.
    effect(() => {
      if (offer.value?.status !== "live") return;
      const timer = setInterval(deps.time.tick, 1000);
      return () => clearInterval(timer);
    }),
  ];
  return {
    offer,
    async startOffer(input) {
      const data = await deps.run("offerStart", HostEvent.offerStart, input);
      if (data) offer.value = data;
      return data;
    },
    async stopOffer() {
      const current = offer.value;
      if (!current) return false;
      const data = await deps.run("offerStop", HostEvent.offerStop, { offerId: current.id });
      if (data) offer.value = data;
      return data !== null;
    },
    dispose() {
      for (const dispose of disposers) dispose();
    },
  };
}
