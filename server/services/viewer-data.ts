import { EncoreError, type ViewerEraseResponse, type ViewerExport } from "../../protocol/index.js";
import { toViewerExport, type ViewerRows } from "../adapters/viewer-data.js";
import { pseudonymFor, replaceIdPart, scrubJsonText } from "../domain/erasure.js";
import type { Executor } from "../store/executor.js";
import { saveOptOut } from "../store/lifecycle.js";
import { referralsOf, rekeyReferrals } from "../store/referrals.js";
import {
  auditMentioning,
  drawsOfViewer,
  erasureSalt,
  moveViewerRows,
  orderItemsOf,
  outboxMentioning,
  type VIEWER_TABLES,
  viewerExists,
  viewerRows,
} from "../store/viewer-data.js";
import { findViewer } from "../store/viewers.js";
import { type ChangeSource, recordAudit } from "./audit.js";
import type { Context } from "./context.js";
import type { Shop } from "./shops.js";

/** A viewer's personal data: everything held about them (export), and its erasure. */

const notFound = (viewerId: string) => new EncoreError("viewer_not_found", `no viewer ${viewerId}`);

async function readRows(db: Executor, shopId: string, viewerId: string): Promise<ViewerRows | undefined> {
  const viewer = await findViewer(db, shopId, viewerId);
  if (!viewer) return undefined;
  const read = <T extends (typeof VIEWER_TABLES)[number]>(table: T) => viewerRows(db, table, shopId, viewerId);
  const orders = await read("orders");
  return {
    viewer,
    ledger: await read("ledger"),
    watch_state: await read("watch_state"),
    chests: await read("chests"),
    coupons: await read("coupons"),
    orders,
    order_items: await orderItemsOf(
      db,
      shopId,
      orders.map((o) => o.order_id),
    ),
    redemptions: await read("redemptions"),
    clicks: await read("clicks"),
    reminders: await read("reminders"),
    offer_entries: await read("offer_entries"),
    mutes: await read("mutes"),
    live_watch: await read("live_watch"),
    experiment_exposures: await read("experiment_exposures"),
    touches: await read("touches"),
    contact_prefs: await read("contact_prefs"),
    segment_memberships: await read("segment_memberships"),
    referral_codes: await read("referral_codes"),
    stage_spots: await read("stage_spots"),
    referrals: await referralsOf(db, shopId, viewerId),
  };
}

/**
 * Everything held about one viewer, as one document, read in one transaction so its parts agree;
 * the export is in the audit log (who took a person's data out, and when), without the data.
 */
export async function exportViewer(
  ctx: Context,
  shop: Shop,
  viewerId: string,
  source: ChangeSource,
): Promise<ViewerExport> {
  const now = ctx.clock.now();
  return ctx.store.db.transaction().execute(async (trx) => {
    const rows = await readRows(trx, shop.id, viewerId);
    if (!rows) throw notFound(viewerId);
    const document = toViewerExport(shop.id, rows, now);
    await recordAudit(
      trx,
      shop.id,
      source,
      { action: "viewer.export", target: { kind: "viewer", id: viewerId }, before: null, after: null },
      now,
    );
    return document;
  });
}

/**
 * Erases a viewer, in one transaction: their name, birthday and anything a person typed about
 * them are removed, and their id is replaced everywhere it is stored (columns, keys, stored JSON,
 * webhook bodies, the audit log) by a pseudonym. Balances, ledger entries and orders stay, under
 * the pseudonym, so the books add up and `verify` holds. The id itself is then unknown: erasing
 * it again is viewer_not_found, and a token naming it later starts a new, empty viewer (its keys
 * no longer collide with the old ones, which carry the pseudonym).
 */
export async function eraseViewer(
  ctx: Context,
  shop: Shop,
  viewerId: string,
  source: ChangeSource,
): Promise<ViewerEraseResponse> {
  const now = ctx.clock.now();
  const { db, dialect } = ctx.store;
  const erased = await db.transaction().execute(async (trx) => {
    const viewer = await findViewer(trx, shop.id, viewerId, dialect);
    if (!viewer) throw notFound(viewerId);
    const salt = await erasureSalt(trx, shop.id, now);
    // the same viewer erased again (their id signed in afresh since) is kept apart from the first
    let generation = 0;
    let pseudonym = pseudonymFor(salt, shop.id, viewerId);
    while (await viewerExists(trx, shop.id, pseudonym)) {
      generation += 1;
      pseudonym = pseudonymFor(salt, shop.id, viewerId, generation);
    }
    const rows: Record<string, number> = await moveViewerRows(trx, shop.id, viewer, pseudonym);
    const rekey = (text: string) => replaceIdPart(text, viewerId, pseudonym);
    const scrub = (text: string | null, typed = false) => scrubJsonText(text, viewerId, pseudonym, { typed });

    await trx
      .updateTable("offer_entries")
      .set({ name: null })
      .where("shop_id", "=", shop.id)
      .where("viewer_id", "=", pseudonym)
      .execute();

    // keys that spelled the id (`watch:<id>:3`), and the notes staff typed on a hand adjustment
    // (kept as its ref too): the entries and their sums stay, the words go
    for (const entry of await viewerRows(trx, "ledger", shop.id, pseudonym)) {
      const typed = entry.note !== null && entry.ref === entry.note;
      const change = {
        idempotency_key: rekey(entry.idempotency_key),
        ref: typed ? "erased" : rekey(entry.ref),
        note: null,
      };
      if (change.idempotency_key !== entry.idempotency_key || change.ref !== entry.ref || entry.note !== null) {
        await trx.updateTable("ledger").set(change).where("id", "=", entry.id).execute();
      }
    }
    for (const coupon of await viewerRows(trx, "coupons", shop.id, pseudonym)) {
      const change = { grant_key: rekey(coupon.grant_key), source_ref: rekey(coupon.source_ref) };
      if (change.grant_key !== coupon.grant_key || change.source_ref !== coupon.source_ref) {
        await trx.updateTable("coupons").set(change).where("code", "=", coupon.code).execute();
      }
    }
    for (const order of await viewerRows(trx, "orders", shop.id, pseudonym)) {
      await trx
        .updateTable("orders")
        .set({
          request: scrub(order.request) ?? "{}",
          response: scrub(order.response) ?? "{}",
          refund: scrub(order.refund),
        })
        .where("shop_id", "=", shop.id)
        .where("order_id", "=", order.order_id)
        .execute();
    }
    for (const touch of await viewerRows(trx, "touches", shop.id, pseudonym)) {
      // a touch still to go would reach no one: the person it was for is gone
      const waiting = touch.status === "pending" || touch.status === "deferred" || touch.status === "held";
      await trx
        .updateTable("touches")
        .set({
          key: rekey(touch.key),
          params: scrub(touch.params) ?? "{}",
          words: scrub(touch.words),
          ...(waiting ? { status: "cancelled", reason: "erased", updated_at: now } : {}),
        })
        .where("id", "=", touch.id)
        .execute();
    }
    for (const draw of await drawsOfViewer(trx, shop.id, pseudonym)) {
      await trx
        .updateTable("offer_draws")
        .set({ entries: scrub(draw.entries) ?? "[]", winners: scrub(draw.winners) ?? "[]" })
        .where("offer_id", "=", draw.offer_id)
        .execute();
    }
    let webhooks = 0;
    for (const message of await outboxMentioning(trx, shop.id, viewerId)) {
      const body = scrub(message.body) ?? message.body;
      if (body !== message.body) {
        await trx.updateTable("outbox").set({ body }).where("id", "=", message.id).execute();
        webhooks += 1;
      }
    }
    let audited = 0;
    for (const entry of await auditMentioning(trx, shop.id, viewerId)) {
      const change = {
        target_id: rekey(entry.target_id),
        before: scrub(entry.before, true),
        after: scrub(entry.after, true),
      };
      if (change.target_id !== entry.target_id || change.before !== entry.before || change.after !== entry.after) {
        await trx.updateTable("audit_log").set(change).where("id", "=", entry.id).execute();
        audited += 1;
      }
    }
    // follows and contact choices were the person's; under a pseudonym no one is to be reminded
    await trx.deleteFrom("reminders").where("shop_id", "=", shop.id).where("viewer_id", "=", pseudonym).execute();
    await saveOptOut(trx, shop.id, pseudonym, true, now);

    rows.referrals = await rekeyReferrals(trx, shop.id, viewerId, pseudonym, rekey);
    rows.outbox = webhooks;
    rows.audit_log = audited;
    // the entry names the pseudonym and counts: nothing of what was removed
    await recordAudit(
      trx,
      shop.id,
      source,
      { action: "viewer.erase", target: { kind: "viewer", id: pseudonym }, before: null, after: { rows } },
      now,
    );
    return { erased: true, rows } as const;
  });
  // after the commit: a page still open under the old id would go on showing the erased balance
  // and earning for an identity held in its socket; dropped, it comes back as the fresh viewer
  ctx.notifier.dropViewer(shop.id, viewerId);
  return erased;
}
