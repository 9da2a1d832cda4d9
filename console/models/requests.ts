import { type Signal, signal } from "@preact/signals";
import type { AckData, ClientData, ClientEventName, Transport } from "../../client/transport.js";

/** A refusal as the console shows it: the server's code (or the transport's "offline"/"timeout") and its message for logs. */
export interface Refusal {
  code: string;
  message: string;
}

/** The actions a host can take; each has its own busy flag and its own last refusal. */
export type ActionName =
  | "live"
  | "feature"
  | "catalogue"
  | "templateCreate"
  | "templates"
  | "offerStart"
  | "offerStop"
  | "mute"
  | "winners"
  | "insight"
  | "experimentStart"
  | "experimentStop"
  | "present"
  | "greet"
  | "stage"
  | "stageInvite"
  | "stageEnd";

export interface Requests {
  busy: Signal<ReadonlySet<ActionName>>;
  refusals: Signal<Partial<Record<ActionName, Refusal>>>;
  /** sends one call; resolves with the ack's data, or null after recording the refusal */
  run<E extends ClientEventName>(action: ActionName, event: E, payload: ClientData<E>): Promise<AckData<E> | null>;
  dismiss(action: ActionName): void;
}

export function createRequests(transport: Transport): Requests {
  const busy = signal<ReadonlySet<ActionName>>(new Set());
  const refusals = signal<Partial<Record<ActionName, Refusal>>>({});

  const setBusy = (action: ActionName, on: boolean) => {
    const next = new Set(busy.value);
    if (on) next.add(action);
    else next.delete(action);
    busy.value = next;
  };
  const setRefusal = (action: ActionName, refusal: Refusal | undefined) => {
    const { [action]: _old, ...rest } = refusals.value;
    refusals.value = refusal ? { ...rest, [action]: refusal } : rest;
  };

  return {
    busy,
    refusals,
    async run(action, event, payload) {
      setBusy(action, true);
      setRefusal(action, undefined);
      try {
        const ack = await transport.call(event, payload);
        if (ack.ok) return ack.data;
        setRefusal(action, { code: ack.error.code, message: ack.error.message });
        return null;
      } finally {
        setBusy(action, false);
      }
    },
    dismiss: (action) => setRefusal(action, undefined),
  };
}
