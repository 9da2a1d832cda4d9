import { randomBytes } from "node:crypto";
import { EncoreError, type WebhookData, type WebhookEvent } from "../../protocol/index.js";
import { toWebhookEndpoint } from "../adapters.js";
import { tierIndexFor } from "../domain/tiers.js";
import { endpointWants, retryDelay, SIGNATURE_HEADER, signature } from "../domain/webhooks.js";
import type { Executor } from "../store/executor.js";
import type { OutboxRow, WebhookEndpointRow } from "../store/schema.js";
import {
  dueOutbox,
  findEndpoint,
  insertOutbox,
  leaseMessage,
  listEndpoints,
  pruneDelivered,
  recordAttempt,
  saveEndpoint,
} from "../store/webhooks.js";
import type { Context } from "./context.js";
import { getShop } from "./shops.js";
import { postWebhook } from "./webhook-post.js";
import { type WebhookTargetPolicy, webhookTargetRefusal } from "./webhook-targets.js";

/** The shop's endpoints that take `event` now. */
async function endpointsFor(trx: Executor, shopId: string, event: WebhookEvent): Promise<WebhookEndpointRow[]> {
  const endpoints = await listEndpoints(trx, shopId);
  return endpoints.filter((e) => endpointWants(toWebhookEndpoint(e), event));
}

/**
 * Writes a webhook to the outbox inside the caller's transaction, so the message exists if and
 * only if the change it reports was committed: one message per endpoint that takes the event
 * (switched on, and asking for it). Shops without such an endpoint get none.
 */
export async function enqueueWebhook<E extends WebhookEvent>(
  trx: Executor,
  shopId: string,
  event: E,
  data: WebhookData<E>,
  now: number,
): Promise<void> {
  await enqueueWebhooks(trx, shopId, event, [data], now);
}

/** Several messages of one event in one statement: a claim batch's `coupon.granted`s. */
export async function enqueueWebhooks<E extends WebhookEvent>(
  trx: Executor,
  shopId: string,
  event: E,
  data: WebhookData<E>[],
  now: number,
): Promise<void> {
  await enqueueWebhookMessages(trx, shopId, { [event]: data } as WebhookMessages, now);
}

/** Messages of several events, each event's in order. */
export type WebhookMessages = { [E in WebhookEvent]?: WebhookData<E>[] };

/**
 * Messages of several events enqueued with one read of the shop's endpoints and one insert, in
 * the order the events are named: a sweep's send writes a touch's message and its warnings in
 * every one of its many short transactions. A caller that read the endpoints in this transaction
 * already (with a coupon's `issueLocks`) passes them as `readEndpoints`.
 */
export async function enqueueWebhookMessages(
  trx: Executor,
  shopId: string,
  messages: WebhookMessages,
  now: number,
  readEndpoints?: WebhookEndpointRow[],
): Promise<void> {
  const events = (Object.keys(messages) as WebhookEvent[]).filter((event) => (messages[event]?.length ?? 0) > 0);
  if (events.length === 0) return;
  const endpoints = readEndpoints ?? (await listEndpoints(trx, shopId));
  const rows = events.flatMap((event) => outboxRowsFor(endpoints, shopId, event, messages[event] ?? [], now));
  if (rows.length > 0) await insertOutbox(trx, rows);
}

/**
 * The outbox rows of several messages of one event, given the shop's endpoints (read by the
 * caller, perhaps with its other reads): one per message and endpoint that takes the event.
 */
export function outboxRowsFor<E extends WebhookEvent>(
  endpoints: WebhookEndpointRow[],
  shopId: string,
  event: E,
  data: WebhookData<E>[],
  now: number,
): Pick<OutboxRow, "shop_id" | "endpoint_id" | "event" | "body" | "next_attempt_at" | "created_at">[] {
  const taking = endpoints.filter((e) => endpointWants(toWebhookEndpoint(e), event));
  return data.flatMap((d) => {
    // every endpoint gets the same body: the change as it was committed
    const body = JSON.stringify({ event, shopId, createdAt: now, data: d });
    return taking.map((endpoint) => ({
      shop_id: shopId,
      endpoint_id: endpoint.id,
      event,
      body,
      next_attempt_at: now,
      created_at: now,
    }));
  });
}

/** `tier.changed`, in the transaction of the ledger entry that moved the viewer across a threshold. */
export async function enqueueTierChange(
  trx: Executor,
  shopId: string,
  viewerId: string,
  growthBefore: number,
  growthAfter: number,
  now: number,
): Promise<void> {
  if ((await endpointsFor(trx, shopId, "tier.changed")).length === 0) return;
  const shop = await getShop(trx, shopId);
  if (!shop) return;
  const { tiers } = shop.config;
  const from = tierIndexFor(growthBefore, tiers);
  const to = tierIndexFor(growthAfter, tiers);
  if (from === to) return;
  await enqueueWebhook(
    trx,
    shopId,
    "tier.changed",
    { viewerId, from: tiers[from]?.key ?? "", to: tiers[to]?.key ?? "", growth: growthAfter },
    now,
  );
}

/** Refuses a URL webhooks may not go to (this machine, a private network), with its code. */
export async function requireWebhookTarget(url: string, targets: WebhookTargetPolicy): Promise<void> {
  const refusal = await webhookTargetRefusal(url, targets);
  if (refusal) throw new EncoreError("webhook_url_refused", `this webhook URL cannot be used: ${refusal}`);
}

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString("base64url")}`;

/** `PUT /v1/webhooks`: the URL and secret of the shop's first endpoint, which it adds when there is none. */
export async function setEndpoint(
  db: Executor,
  shopId: string,
  input: { url: string; secret?: string | undefined },
  now: number,
  targets: WebhookTargetPolicy,
): Promise<{ url: string; secret: string }> {
  await requireWebhookTarget(input.url, targets);
  const secret = input.secret ?? newWebhookSecret();
  await saveEndpoint(db, { shop_id: shopId, url: input.url, secret, updated_at: now });
  return { url: input.url, secret };
}

/** How long a delivered message and its attempts stay in the delivery log. */
export const DELIVERED_RETENTION_MS = 30 * 24 * 3600_000;
/** A lease outlasts one attempt's timeout by this much, so an attempt that times out still holds it. */
const LEASE_MARGIN_MS = 5_000;
/** Delivered messages removed per pass at most, so one pass never holds the database long. */
const PRUNE_PER_PASS = 500;

export interface WebhookWorkerOptions {
  /** how often the worker looks for due messages, in real milliseconds */
  pollMs?: number;
  /** how long one receiver may take to answer */
  timeoutMs?: number;
  batch?: number;
  /** where deliveries may go; private addresses are refused unless allowed */
  targets?: WebhookTargetPolicy;
}

/**
 * Delivers the outbox: each due message is POSTed to its endpoint's current URL, signed with
 * its current secret. A 2xx marks it delivered; anything else, or no answer, schedules the next
 * attempt with exponential backoff. Every attempt is logged. Due-ness follows the injected clock,
 * so tests move time and call `deliverDue()`; rows left pending by a crash are simply due on start.
 */
export class WebhookWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private readonly pollMs: number;
  private readonly timeoutMs: number;
  private readonly batch: number;
  private readonly targets: WebhookTargetPolicy;

  constructor(
    private readonly ctx: Context,
    options: WebhookWorkerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.batch = options.batch ?? 50;
    this.targets = options.targets ?? { allowPrivate: false };
  }

  /** Polls until stopped; a poll interval of 0 leaves delivery to explicit `deliverDue()` calls. */
  start(): void {
    if (this.timer || this.pollMs <= 0) return;
    this.timer = setInterval(() => {
      this.deliverDue().catch((error: unknown) => this.ctx.log.error({ err: error }, "webhook delivery failed"));
    }, this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Attempts every due message once; resolves with how many were delivered. One pass at a time. */
  deliverDue(): Promise<number> {
    if (this.running) return this.running.then(() => this.deliverDue());
    this.running = this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<number> {
    const { db } = this.ctx.store;
    const due = await dueOutbox(db, this.ctx.clock.now(), this.batch);
    let delivered = 0;
    for (const message of due) {
      // each message is leased just before its own attempt, for that attempt's time: a worker that
      // dies mid-attempt holds one message for seconds, not a whole batch for many minutes
      const now = this.ctx.clock.now();
      if (!(await leaseMessage(db, message, now, now + this.timeoutMs + LEASE_MARGIN_MS))) continue;
      if (await this.attempt(message)) delivered++;
    }
    // the log keeps a month of delivered messages; without this the outbox only ever grows
    await pruneDelivered(db, this.ctx.clock.now() - DELIVERED_RETENTION_MS, PRUNE_PER_PASS);
    return delivered;
  }

  private async attempt(message: OutboxRow): Promise<boolean> {
    const { db } = this.ctx.store;
    const endpoint = message.endpoint_id ? await findEndpoint(db, message.shop_id, message.endpoint_id) : undefined;
    let status: number | null = null;
    let error: string | null = null;
    // checked again at each attempt: what the host name resolves to may have changed since it was set
    const refused = endpoint ? await webhookTargetRefusal(endpoint.url, this.targets) : null;
    if (!endpoint) {
      error = "the endpoint was deleted";
    } else if (refused) {
      error = `not sent: ${refused}`;
    } else {
      const sentAt = this.ctx.clock.now();
      try {
        status = await postWebhook({
          url: endpoint.url,
          headers: {
            "content-type": "application/json",
            [SIGNATURE_HEADER]: signature(endpoint.secret, sentAt, message.body),
            "encore-event": message.event,
            "encore-delivery": String(message.id),
          },
          body: message.body,
          timeoutMs: this.timeoutMs,
          allowPrivate: this.targets.allowPrivate,
        });
        if (status < 200 || status >= 300) error = `receiver answered ${status}`;
      } catch (cause) {
        error = cause instanceof Error ? cause.message : String(cause);
      }
    }
    const ok = error === null;
    const at = this.ctx.clock.now();
    const nextAttemptAt = ok ? at : at + retryDelay(message.attempts + 1);
    await db.transaction().execute((trx) => recordAttempt(trx, message, { status, ok, error, at, nextAttemptAt }));
    if (!ok) this.ctx.log.warn({ outbox: message.id, event: message.event, error }, "webhook attempt failed");
    return ok;
  }
}
