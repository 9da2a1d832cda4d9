import { insertClick } from "../store/activity.js";
import type { Context } from "./context.js";

/** A viewer's click on a product of the host page: three within a day make them high intent. */
export async function recordClick(ctx: Context, shopId: string, viewerId: string, sku: string): Promise<void> {
  await insertClick(ctx.store.db, shopId, viewerId, sku, ctx.clock.now());
}
