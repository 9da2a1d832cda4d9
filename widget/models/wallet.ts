import { listen } from "../../client/listen.js";
import type { Transport } from "../../client/transport.js";
import { ServerEvent } from "../../protocol/events.js";
import type { PointReason, TierChange, Wallet, WalletUpdate } from "../../protocol/wire.js";
import { effect, signal } from "../core/signals.js";

export interface Gain {
  amount: number;
  reason: PointReason;
  /** distinguishes two equal gains in a row, so each one animates */
  seq: number;
}

const GAIN_SHOWN_MS = 2500;

/** Points, growth and tier; a visible +N for each arrival of points. */
export function createWallet(transport: Transport, onPoints?: (points: number, delta: number) => void) {
  const wallet = signal<Wallet | null>(null);
  const gain = signal<Gain | null>(null);
  const tierUp = signal<TierChange | null>(null);
  let seq = 0;
  let gainTimer: ReturnType<typeof setTimeout> | undefined;

  /** one change of points, from a push or from the ack of this tab's own chest or exchange */
  function receive(update: WalletUpdate) {
    wallet.value = update.wallet;
    onPoints?.(update.wallet.points, update.delta);
    if (update.delta > 0) {
      gain.value = { amount: update.delta, reason: update.reason, seq: ++seq };
      clearTimeout(gainTimer);
      gainTimer = setTimeout(() => {
        gain.value = null;
      }, GAIN_SHOWN_MS);
    }
  }

  const dispose = effect(() => {
    const off = listen(transport, {
      [ServerEvent.snapshot]: (snapshot) => {
        wallet.value = snapshot.wallet;
      },
      [ServerEvent.wallet]: receive,
      [ServerEvent.tier]: (change) => {
        tierUp.value = change;
        if (wallet.value) wallet.value = { ...wallet.value, tier: change.tier };
      },
    });
    return () => {
      off();
      clearTimeout(gainTimer);
    };
  });

  return {
    wallet,
    gain,
    tierUp,
    /**
     * A change returned in an ack (exchange, chest): the server pushes `wallet` only to the
     * viewer's other sockets, so this is the asking tab's one word of it, applied as a push is.
     */
    apply: receive,
    dismissTierUp() {
      tierUp.value = null;
    },
    dispose,
  };
}
export type WalletModel = ReturnType<typeof createWallet>;
