import { automationOf, type LocalizedText, ServerEvent, type TouchView } from "../../../protocol/index.js";
import { toCoupon, toTouchView, toTouchWebhookBody, toWarningWebhooks } from "../../adapters.js";
import type { Due } from "../../domain/lifecycle/due.js";
import { touchWords } from "../../domain/lifecycle/words.js";
import { pooledRandomBytes } from "../../shared/random-pool.js";
import type { Executor } from "../../store/executor.js";
import { type NewTouch, type SentTouch, storeSentTouches } from "../../store/lifecycle.js";
import type { CouponRow, TouchRow, TouchStatus } from "../../store/schema.js";
import { readTogether } from "../../store/together.js";
import type { Context } from "../context.js";
import { type Grant, issueCoupons, issueLocks } from "../coupons.js";
import type { Shop } from "../shops.js";
import { enqueueWebhookMessages } from "../webhooks.js";

let made = 0;
/**
 * A touch's id: the moment it was made and a count, then 48 random bits. Ids made later sort
 * later, so a sweep's new touches go in at the end of the touches' key rather than at a random
 * page of it (the random part keeps them unguessable; the count, which wraps at 46,656, keeps a
 * moment's ids in order).
 */
export const newTouchId = (now: number) =>
  `tch_${Math.max(0, Math.trunc(now)).toString(36).padStart(9, "0")}${(made++ % 36 ** 3).toString(36).padStart(3, "0")}${pooledRandomBytes(6).toString("base64url")}`;

/** A due touch as a row in a state other than sent. */
export function touchRow(shopId: string, due: Due, status: TouchStatus, reason: string | null, now: number): NewTouch {
  return {
    id: newTouchId(now),
    shop_id: shopId,
    viewer_id: due.viewerId,
    automation: automationOf(due.kind),
    kind: due.kind,
    key: due.key,
    template_id: due.templateId,
    params: JSON.stringify(due.params),
    due_at: due.dueAt,
    expires_at: due.expiresAt,
    status,
    reason,
    created_at: now,
    updated_at: now,
  };
}

/** A touch the budget let through, with the growth its coupon's tier gate reads. */
export interface TouchToSend {
  due: Due;
  viewerGrowth: number;
}

/** Thrown on purpose inside a send's transaction: some touch was sent before, by this or another run. */
export class AlreadySent extends Error {}

/** A touch stored as sent, with the coupon it carries. */
export interface Sent {
  row: TouchRow;
  coupon: CouponRow | null;
}

/**
 * Sends touches in one transaction: their coupons through the one issuing path in its batch
 * form (source "automation", each grant keyed by its touch), the touches stored as sent with
 * their words, and a `viewer.touch` webhook each in the outbox. All of it commits or none does,
 * and each part is keyed, so a process killed anywhere, and the sweep run again, sends each
 * touch once. A batch in which some touch had already gone (another run got there first) is
 * rolled back whole and its touches sent one by one, so the others still go. After commit the
 * viewers' connected sockets hear of theirs. Answers the touches this call sent.
 */
export async function sendTouches(
  ctx: Context,
  shop: Shop,
  touches: readonly TouchToSend[],
  now: number,
): Promise<TouchView[]> {
  const batch = oncePerTouch(touches);
  if (batch.length === 0) return [];
  let sent: Sent[];
  try {
    sent = await ctx.store.db.transaction().execute((trx) => sendInTransaction(trx, shop, batch, now));
  } catch (error) {
    if (!(error instanceof AlreadySent)) throw error;
    if (batch.length === 1) return [];
    const views: TouchView[] = [];
    for (const touch of batch) views.push(...(await sendTouches(ctx, shop, [touch], now)));
    return views;
  }
  return announceSent(ctx, shop, sent, now);
}

/** Each (viewer, key) once: a touch asked for twice is sent once. */
export const oncePerTouch = (touches: readonly TouchToSend[]) => [
  ...new Map(touches.map((t) => [`${t.due.viewerId}\n${t.due.key}`, t])).values(),
];

/** After commit: the viewers' connected sockets hear of their touches (and coupons). */
export function announceSent(ctx: Context, shop: Shop, sent: readonly Sent[], now: number): TouchView[] {
  return sent.map(({ row, coupon }) => {
    if (coupon) ctx.notifier.toViewer(shop.id, row.viewer_id, ServerEvent.coupon, toCoupon(coupon, now));
    const view = toTouchView(row, coupon, now);
    ctx.notifier.toViewer(shop.id, row.viewer_id, ServerEvent.touch, view);
    return view;
  });
}

/**
 * The sending itself, inside the caller's transaction (`sendTouches` above, or a chunk's one
 * transaction in sweep-writes.ts): throws `AlreadySent`, to roll back, when some touch had gone.
 */
export async function sendInTransaction(trx: Executor, shop: Shop, batch: TouchToSend[], now: number): Promise<Sent[]> {
  const templateIds = [...new Set(batch.flatMap(({ due }) => (due.templateId ? [due.templateId] : [])))];
  // one read of the templates (locked) and the endpoints, for the grants, the issuing and the messages
  const locked = templateIds.length > 0 ? await readTogether(trx, issueLocks(trx, shop.id, templateIds)) : null;
  const templates = new Map((locked?.issueTemplates ?? []).map((t) => [t.id, t]));
  const reasons: (string | null)[] = batch.map(() => null);
  const grants: Grant[] = [];
  /** per touch, its grant's place in `grants`, if it grants a coupon */
  const grantOf: (number | undefined)[] = batch.map(({ due, viewerGrowth }, i) => {
    if (!due.templateId) return undefined;
    const template = templates.get(due.templateId);
    if (template?.active !== 1) {
      reasons[i] = template ? "template_paused" : "template_gone";
      return undefined;
    }
    grants.push({
      shopId: shop.id,
      viewerId: due.viewerId,
      viewerGrowth,
      template,
      source: "automation",
      sourceRef: due.key,
      grantKey: `touch:${due.viewerId}:${due.key}`,
      now,
    });
    return grants.length - 1;
  });
  const issued = locked ? await issueCoupons(trx, shop.config, grants, locked) : [];
  const coupons = grantOf.map((g, i): CouponRow | null => {
    const answer = g === undefined ? undefined : issued[g];
    if (!answer) return null;
    // a refused coupon (sold out, limit, tier) leaves the message: it still has a reason to go
    if ("refusal" in answer) {
      reasons[i] = answer.refusal;
      return null;
    }
    return answer.coupon;
  });

  const rows = batch.map(({ due }, i): SentTouch => {
    const coupon = coupons[i] ?? null;
    const params = coupon ? { ...due.params, coupon: JSON.parse(coupon.name) as LocalizedText } : due.params;
    return {
      ...touchRow(shop.id, due, "sent", reasons[i] ?? null, now),
      params: JSON.stringify(params),
      words: JSON.stringify(touchWords(due.kind, params)),
      coupon_code: coupon?.code ?? null,
      sent_at: now,
    };
  });
  const stored = await storeSentTouches(trx, rows);
  if (stored.length !== rows.length) throw new AlreadySent();
  const byKey = new Map(stored.map((row) => [`${row.viewer_id}\n${row.key}`, row]));
  const sent = batch.map(({ due }, i): Sent => {
    const row = byKey.get(`${due.viewerId}\n${due.key}`);
    if (!row) throw new Error(`touch ${due.key} vanished inside its transaction`);
    return { row, coupon: coupons[i] ?? null };
  });
  // a warning is also its own event, for a shop that acts on it rather than forwarding the touch
  const warnings = toWarningWebhooks(sent.map(({ row }) => row));
  await enqueueWebhookMessages(
    trx,
    shop.id,
    {
      "viewer.touch": sent.map(({ row, coupon }) => toTouchWebhookBody(row, coupon, now)),
      "coupon.expiring": warnings.couponExpiring,
      "points.expiring": warnings.pointsExpiring,
    },
    now,
    locked?.issueEndpoints,
  );
  return sent;
}
