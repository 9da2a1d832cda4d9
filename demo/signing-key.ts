import type { Context } from "../server/services/context.js";
import { currentSigningKey } from "../server/services/signing-keys.js";

/**
 * The shop's current signing key, read at each use, as a shop's backend reads its settings: after
 * a rotation in the back office the demo backend signs with the new key, not the one it started with.
 */
export function currentKeyOf(ctx: Pick<Context, "store" | "clock">, shopId: string) {
  return async () => {
    const key = await currentSigningKey(ctx.store.db, shopId, ctx.clock.now());
    if (!key) throw new Error(`shop ${shopId} has no signing key`);
    return key;
  };
}
