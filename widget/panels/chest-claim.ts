import { ClientEvent } from "../../protocol/events.js";
import { signal } from "../core/signals.js";
import type { Models } from "../models/index.js";

/**
 * Opening the chest: only the chest panel offers it, so the call lives here rather than in the
 * first load. The chest and its refusal stay in widget/models/watch.ts, which decides whether
 * this panel shows at all. One per widget on the page.
 */
export type ChestClaim = ReturnType<typeof createChestClaim>;

const made = new WeakMap<Models, ChestClaim>();

export function chestClaim(models: Models): ChestClaim {
  let claim = made.get(models);
  if (!claim) {
    claim = createChestClaim(models);
    made.set(models, claim);
  }
  return claim;
}

function createChestClaim({ watch, wallet }: Models) {
  const claiming = signal(false);
  return {
    claiming,
    async claim() {
      const current = watch.chest.peek();
      if (!current || claiming.peek()) return;
      claiming.value = true;
      const result = await watch.transport.call(ClientEvent.chestClaim, { chestId: current.id });
      claiming.value = false;
      if (result.ok) {
        watch.chest.value = null;
        watch.chestError.value = null;
        wallet.apply(result.data);
      } else {
        watch.chestError.value = result.error.code;
        // an expired or already opened chest is gone either way; one that was not reached is still there
        if (!["timeout", "offline", "rate_limited"].includes(result.error.code)) watch.chest.value = null;
      }
    },
  };
}
