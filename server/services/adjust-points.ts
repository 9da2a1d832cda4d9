import {
  EncoreError,
  type GrowthAdjustBody,
  type LedgerEntry,
  type PointsAdjustBody,
  type Wallet,
} from "../../protocol/index.js";
import { toLedgerEntry, toWallet } from "../adapters.js";
import type { Balance } from "../domain/ledger.js";
import { tierIndexFor } from "../domain/tiers.js";
import { ensureViewer, findViewer } from "../store/viewers.js";
import { type ChangeSource, recordAudit } from "./audit.js";
import type { Context } from "./context.js";
import { announcePosted, postChange } from "./points.js";
import type { Shop } from "./shops.js";

export interface Adjusted {
  entry: LedgerEntry;
  wallet: Wallet;
  replayed: boolean;
}

/** The shop's manual adjustment of a viewer's points, idempotent on its key, in one transaction. */
export function adjustPoints(
  ctx: Context,
  shop: Shop,
  viewerId: string,
  body: PointsAdjustBody,
  source: ChangeSource,
): Promise<Adjusted> {
  return adjust(ctx, shop, viewerId, { points: body.delta, growth: 0 }, body, source);
}

/** The same for growth: the tier follows it (a tier change is announced and sent as a webhook). */
export function adjustGrowth(
  ctx: Context,
  shop: Shop,
  viewerId: string,
  body: GrowthAdjustBody,
  source: ChangeSource,
): Promise<Adjusted> {
  return adjust(ctx, shop, viewerId, { points: 0, growth: body.delta }, body, source);
}

/**
 * One hand adjustment through the ledger, with its audit entry in the same transaction (a replay
 * changes nothing and records nothing). The shop's backend owns its viewer ids, so the API
 * crediting one we have not seen creates them; a person in the back office only changes a viewer
 * who exists, so a mistyped id is refused rather than made into a viewer.
 */
async function adjust(
  ctx: Context,
  shop: Shop,
  viewerId: string,
  delta: Balance,
  body: { note?: string | undefined; idempotencyKey: string },
  source: ChangeSource,
): Promise<Adjusted> {
  const now = ctx.clock.now();
  const { db, dialect } = ctx.store;
  const balance = (b: Balance) => ({
    points: b.points,
    growth: b.growth,
    tier: shop.config.tiers[tierIndexFor(b.growth, shop.config.tiers)]?.key ?? null,
  });
  // a person changing a balance by hand says why; the shop's backend may leave its note out
  if (source.actor !== "api" && !body.note?.trim()) {
    throw new EncoreError("bad_request", "note: say why", [{ path: "note", message: "say why" }]);
  }
  const posted = await db.transaction().execute(async (trx) => {
    if (source.actor === "api") await ensureViewer(trx, shop.id, viewerId, {}, now);
    else if (!(await findViewer(trx, shop.id, viewerId))) {
      throw new EncoreError("viewer_not_found", `no viewer ${viewerId}`);
    }
    const posted = await postChange(
      trx,
      dialect,
      shop.id,
      viewerId,
      {
        delta: delta.points,
        growthDelta: delta.growth,
        reason: "adjust",
        ref: body.note ?? "manual",
        // points keep the key space they always had; growth has its own, so one key cannot name both
        idempotencyKey: `${delta.growth === 0 ? "adjust" : "adjust-growth"}:${body.idempotencyKey}`,
        note: body.note,
      },
      now,
    );
    if (!posted.replayed) {
      await recordAudit(
        trx,
        shop.id,
        source,
        {
          action: "viewer.adjust",
          target: { kind: "viewer", id: viewerId },
          before: balance(posted.before),
          after: { ...balance(posted.after), note: body.note ?? null },
        },
        now,
      );
    }
    return posted;
  });
  announcePosted(ctx.notifier, shop.config, shop.id, posted);
  return { entry: toLedgerEntry(posted.entry), wallet: toWallet(posted.after, shop.config), replayed: posted.replayed };
}
