import { batch, computed, effect, type ReadonlySignal, signal } from "@preact/signals";
import { listen } from "../../client/listen.js";
import type { Transport } from "../../client/transport.js";
import { ServerEvent } from "../../protocol/events.js";

/**
 * The server's clock as the console reads it: the latest server figure (a snapshot, a stats push)
 * plus the local time since, so a countdown moves between pushes without trusting the host's clock.
 */
export interface ServerTime {
  now: ReadonlySignal<number>;
  /** the server said it is `serverTime` now */
  sync(serverTime: number): void;
  /** the local clock moved on */
  tick(): void;
  dispose(): void;
}

export function createServerTime(transport: Pick<Transport, "on">, clock: () => number): ServerTime {
  /** server time minus local time, from the latest server figure */
  const offset = signal(0);
  const ticked = signal(clock());
  const sync = (serverTime: number) =>
    batch(() => {
      offset.value = serverTime - clock();
      ticked.value = clock();
    });
  const stop = effect(() => listen(transport, { [ServerEvent.snapshot]: (snap) => sync(snap.serverTime) }));
  return {
    now: computed(() => ticked.value + offset.value),
    sync,
    tick: () => {
      ticked.value = clock();
    },
    dispose: stop,
  };
}
