import type { LedgerEntry, PointsAdjustBody, Wallet } from "../../protocol/index.js";
import { toLedgerEntry, toWallet } from "../adapters.js";
import { ensureViewer } from "../store/viewers.js";
import type { Context } from "./context.js";
import { announcePosted, postChange } from "./points.js";
import type { Shop } from "./shops.js";

/** The shop's manual adjustment of a viewer's points, idempotent on its key, in one transaction. */
export async function adjustPoints(
  ctx: Context,
  shop: Shop,
  viewerId: string,
  body: PointsAdjustBody,
): Promise<{ entry: LedgerEntry; wallet: Wallet; replayed: boolean }> {
  const now = ctx.clock.now();
  const { db, dialect } = ctx.store;
  const posted = await db.transaction().execute(async (trx) => {
    // Viewer ids belong to the shop: crediting one we have not seen creates them.
    await ensureViewer(trx, shop.id, viewerId, {}, now);
    return postChange(
      trx,
      dialect,
      shop.id,
      viewerId,
      {
        delta: body.delta,
        growthDelta: 0,
        reason: "adjust",
        ref: body.note ?? "manual",
        idempotencyKey: `adjust:${body.idempotencyKey}`,
        note: body.note,
      },
      now,
    );
  });
  announcePosted(ctx.notifier, shop.config, shop.id, posted);
  return { entry: toLedgerEntry(posted.entry), wallet: toWallet(posted.after, shop.config), replayed: posted.replayed };
}
