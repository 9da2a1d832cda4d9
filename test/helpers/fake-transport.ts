import { notify } from "../../client/notify.js";
import type {
  AckData,
  ClientData,
  ClientEventName,
  LinkState,
  ServerData,
  ServerEventName,
  Transport,
} from "../../client/transport.js";
import type { Ack } from "../../protocol/wire.js";

/** an ack, or a function of the payload giving one (loosely typed: tests answer with partial data) */
type Answer<E extends ClientEventName> =
  | Ack<AckData<E>>
  | ((payload: ClientData<E>) => Ack<unknown> | Promise<Ack<unknown>>);

export interface FakeTransportOptions {
  /**
   * What a call nobody answered gets: "hang" (the default) waits forever, as an unanswered ack
   * would until it times out; "timeout" answers at once with the transport's own timeout.
   */
  unanswered?: "hang" | "timeout";
}

/**
 * The one transport the widget's and the console's tests drive their models with, instead of a
 * server: it records every call and answers from what the test set, and the test pushes server
 * events and link changes. Listeners are called as the real transport calls them (a throwing one
 * is logged and skipped).
 */
export class FakeTransport implements Transport {
  readonly calls: { event: ClientEventName; payload: unknown }[] = [];
  closed = false;
  reconnects = 0;
  link: LinkState = { state: "connecting" };
  private readonly answers = new Map<ClientEventName, Answer<ClientEventName>>();
  private readonly listeners = new Map<string, Set<(data: never) => void>>();
  private readonly linkListeners = new Set<(link: LinkState) => void>();

  constructor(private readonly options: FakeTransportOptions = {}) {}

  /** how the fake answers `event` from now on: an ack, or a function of the payload */
  answer<E extends ClientEventName>(event: E, answer: Answer<E>): this {
    this.answers.set(event, answer as unknown as Answer<ClientEventName>);
    return this;
  }

  refuse(event: ClientEventName, code: string, message = code): this {
    return this.answer(event, { ok: false, error: { code, message } } as never);
  }

  call<E extends ClientEventName>(event: E, payload: ClientData<E>): Promise<Ack<AckData<E>>> {
    this.calls.push({ event, payload });
    const answer = this.answers.get(event) as Answer<E> | undefined;
    if (!answer) {
      if (this.options.unanswered === "timeout")
        return Promise.resolve({ ok: false, error: { code: "timeout", message: "no answer" } });
      return new Promise(() => {});
    }
    return Promise.resolve(typeof answer === "function" ? answer(payload) : answer) as Promise<Ack<AckData<E>>>;
  }

  on<E extends ServerEventName>(event: E, listener: (data: ServerData<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (data: never) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (data: never) => void);
  }

  onLink(listener: (link: LinkState) => void): () => void {
    this.linkListeners.add(listener);
    return () => this.linkListeners.delete(listener);
  }

  reconnect(): void {
    this.reconnects++;
  }

  close(): void {
    this.closed = true;
  }

  /** the server sends `event` */
  push<E extends ServerEventName>(event: E, data: ServerData<E>): void {
    notify(
      this.listeners.get(event) as Set<(data: ServerData<E>) => void> | undefined,
      data,
      `a listener for "${event}"`,
    );
  }

  /** the link changes */
  setLink(link: LinkState): void {
    this.link = link;
    notify(this.linkListeners, link, "a link listener");
  }

  /** event and link listeners still attached: zero after unmount */
  listenerCount(): number {
    let n = this.linkListeners.size;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  callsOf<E extends ClientEventName>(event: E): ClientData<E>[] {
    return this.calls.filter((c) => c.event === event).map((c) => c.payload as ClientData<E>);
  }
}
