import { addClick } from "../store/intent.js";
import type { Context } from "./context.js";

/**
 * A viewer's click on a product of the host page: three within a day make them high intent. The
 * click and its high-intent pair (store/intent.ts) are written together.
 */
export async function recordClick(ctx: Context, shopId: string, viewerId: string, sku: string): Promise<void> {
  const at = ctx.clock.now();
  await ctx.store.db.transaction().execute((trx) => addClick(trx, shopId, viewerId, sku, at));
}
