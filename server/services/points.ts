import { EncoreError, MAX_BALANCE, ServerEvent, type ShopConfig, type WalletUpdate } from "../../protocol/index.js";
import { toLedgerWebhook, toWallet, toWalletUpdate } from "../adapters.js";
import { applyChange, type Balance, type LedgerChange, sameChange } from "../domain/ledger.js";
import { tierIndexFor } from "../domain/tiers.js";
import { metrics } from "../ops/metrics.js";
import type { Dialect } from "../store/database.js";
import type { Executor } from "../store/executor.js";
import type { LedgerRow } from "../store/schema.js";
import { findLedgerEntry, findViewer, insertLedgerEntry, setBalance } from "../store/viewers.js";
import type { ViewerNotifier } from "./context.js";
import { enqueueTierChange, enqueueWebhook } from "./webhooks.js";

export interface Posted {
  entry: LedgerRow;
  before: Balance;
  after: Balance;
  /** true when the idempotency key had been used: nothing changed this time */
  replayed: boolean;
}

/**
 * Writes one change to the ledger and the balance beside it, inside the caller's transaction.
 * The idempotency key makes a replay return the first result; the same key with a different
 * change is refused rather than silently ignored.
 */
export async function postChange(
  trx: Executor,
  dialect: Dialect,
  shopId: string,
  viewerId: string,
  change: LedgerChange,
  now: number,
): Promise<Posted> {
  // Lock the viewer first: concurrent changes to one balance (and replays of one key) queue here.
  const viewer = await findViewer(trx, shopId, viewerId, dialect);
  if (!viewer) throw new EncoreError("viewer_not_found", `no viewer ${viewerId}`);
  const existing = await findLedgerEntry(trx, shopId, change.idempotencyKey);
  if (existing) {
    if (existing.viewer_id !== viewerId || !sameChange(change, toChange(existing))) {
      throw new EncoreError("idempotency_conflict", "this idempotency key was used for a different change");
    }
    const after = { points: existing.points_after, growth: existing.growth_after };
    const before = { points: after.points - existing.delta, growth: after.growth - existing.growth_delta };
    return { entry: existing, before, after, replayed: true };
  }
  const before = { points: viewer.points, growth: viewer.growth };
  const after = applyChange(before, change);
  if (after === "insufficient_points") {
    throw new EncoreError("insufficient_points", `the balance is ${before.points} points`);
  }
  if (after === "insufficient_growth") {
    throw new EncoreError("insufficient_growth", `the growth is ${before.growth}`);
  }
  if (after === "amount_invalid") {
    throw new EncoreError("amount_invalid", `a balance holds at most ${MAX_BALANCE} points and growth`);
  }
  const entry = {
    shop_id: shopId,
    viewer_id: viewerId,
    delta: change.delta,
    growth_delta: change.growthDelta,
    reason: change.reason,
    ref: change.ref,
    idempotency_key: change.idempotencyKey,
    note: change.note ?? null,
    points_after: after.points,
    growth_after: after.growth,
    created_at: now,
  };
  const id = await insertLedgerEntry(trx, entry);
  // counted at write time; a rolled-back transaction over-counts, which a rate graph tolerates
  metrics.ledgerWrites.inc({ reason: entry.reason });
  await setBalance(trx, shopId, viewerId, after);
  if (change.growthDelta !== 0) await enqueueTierChange(trx, shopId, viewerId, before.growth, after.growth, now);
  // the ledger is where every such change is made, so this is the one place its webhook is written
  const webhook = toLedgerWebhook(entry);
  if (webhook) await enqueueWebhook(trx, shopId, webhook.event, webhook.data, now);
  return { entry: { ...entry, id }, before, after, replayed: false };
}

function toChange(row: LedgerRow): Pick<LedgerChange, "delta" | "growthDelta" | "reason" | "ref"> {
  return {
    delta: row.delta,
    growthDelta: row.growth_delta,
    reason: row.reason,
    ref: row.ref,
  };
}

/** The balance after a change, with the change itself: what drives a client's "+N". */
export function walletUpdate(config: ShopConfig, posted: Posted): WalletUpdate {
  return toWalletUpdate(toWallet(posted.after, config), posted.entry);
}

/**
 * After commit: the viewer's sockets learn the new balance, and a tier change if there was one.
 * A change a socket asked for (`askingSocket`) comes back in that socket's ack as a
 * `walletUpdate`, so the `wallet` push goes only to the viewer's other sockets; changes nobody
 * asked for over a socket (watch credit, shop orders, refunds, adjustments) reach them all.
 */
export function announcePosted(
  notifier: ViewerNotifier,
  config: ShopConfig,
  shopId: string,
  posted: Posted,
  askingSocket?: string,
): void {
  if (posted.replayed) return;
  const viewerId = posted.entry.viewer_id;
  const update = walletUpdate(config, posted);
  if (askingSocket) notifier.toViewerElsewhere(shopId, viewerId, askingSocket, ServerEvent.wallet, update);
  else notifier.toViewer(shopId, viewerId, ServerEvent.wallet, update);
  const from = tierIndexFor(posted.before.growth, config.tiers);
  const to = tierIndexFor(posted.after.growth, config.tiers);
  if (from !== to) {
    notifier.retier(shopId, viewerId, to);
    notifier.toViewer(shopId, viewerId, ServerEvent.tier, {
      from: config.tiers[from]?.key ?? "",
      to: update.wallet.tier.key,
      tier: update.wallet.tier,
    });
  }
}
