import { listen } from "../../client/listen.js";
import type { AckCode, Transport } from "../../client/transport.js";
import type { CampaignRun } from "../../protocol/campaigns.js";
import { ClientEvent, ServerEvent } from "../../protocol/events.js";
import type { Chest, WatchStatus } from "../../protocol/wire.js";
import { computed, effect, type ReadonlySignal, signal } from "../core/signals.js";

export const BEAT_INTERVAL_MS = 30_000;
/** The server takes a beat at most once a second; a change refused for coming sooner is said again after. */
const BEAT_RETRY_MS = 1100;

export interface WatchInputs {
  /** the stream is actually playing (from the video adapter) */
  playing: ReadonlySignal<boolean>;
  /** the page is visible */
  visible: ReadonlySignal<boolean>;
  /** a signed-in viewer on a live link: guests never beat */
  canBeat: ReadonlySignal<boolean>;
}

/**
 * Verified watching: a beat every ~30 s while the stream plays and the tab is visible, and one on
 * each change of either, so the server can open and close stretches at the right moments.
 * The server's clock decides what is credited; the widget only says what it sees.
 */
export function createWatch(transport: Transport, inputs: WatchInputs) {
  const status = signal<WatchStatus | null>(null);
  const chest = signal<Chest | null>(null);
  const chestError = signal<AckCode | null>(null);
  /** the running campaign (or member day), or the next within a day: the notices panel counts down to it */
  const campaign = signal<CampaignRun | null>(null);

  let retry: ReturnType<typeof setTimeout> | undefined;
  /** what the server last accepted, so a retry says only what it does not know yet */
  let heard = "";
  const beat = (playing: boolean, visible: boolean) => {
    clearTimeout(retry);
    void transport.call(ClientEvent.beat, { playing, visible }).then((result) => {
      if (result.ok) {
        heard = `${playing}${visible}`;
        status.value = result.data.watch;
      }
      // a pause within a second of the last beat would otherwise go unheard, and the server
      // would count the paused time as watched: say the state as it is now once the second is over
      else if (result.error.code === "rate_limited" && inputs.canBeat.peek()) {
        clearTimeout(retry);
        retry = setTimeout(() => {
          const now = [inputs.playing.peek(), inputs.visible.peek()] as const;
          if (`${now[0]}${now[1]}` !== heard) beat(...now);
        }, BEAT_RETRY_MS);
      }
    });
  };

  const disposeBeats = effect(() => {
    if (!inputs.canBeat.value) return;
    const playing = inputs.playing.value;
    const visible = inputs.visible.value;
    beat(playing, visible);
    if (!(playing && visible)) return;
    const timer = setInterval(() => beat(true, true), BEAT_INTERVAL_MS);
    return () => clearInterval(timer);
  });

  const disposeEvents = effect(() =>
    listen(transport, {
      [ServerEvent.snapshot]: (snapshot) => {
        status.value = snapshot.watch;
        chest.value = snapshot.chest;
        campaign.value = snapshot.campaign ?? null;
      },
      [ServerEvent.campaign]: (next) => {
        campaign.value = next;
      },
      [ServerEvent.watch]: (next) => {
        status.value = next;
      },
      [ServerEvent.chest]: (next) => {
        chest.value = next;
        chestError.value = null;
      },
    }),
  );

  return {
    status,
    chest,
    chestError,
    campaign,
    memberDay: computed(() => status.value?.memberDay ?? false),
    /** borrowed by the chest panel's claim (widget/panels/chest-claim.ts) */
    transport,
    dispose() {
      clearTimeout(retry);
      disposeBeats();
      disposeEvents();
    },
  };
}
export type WatchModel = ReturnType<typeof createWatch>;
