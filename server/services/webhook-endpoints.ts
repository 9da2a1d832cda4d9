import {
  EncoreError,
  type WebhookEndpointCreateBody,
  type WebhookEndpointPatchBody,
  type WebhookEndpointView,
  type WebhookMessageView,
} from "../../protocol/index.js";
import { toWebhookEndpoint, toWebhookMessage } from "../adapters.js";
import type { Executor } from "../store/executor.js";
import type { WebhookEndpointRow } from "../store/schema.js";
import {
  deleteEndpoint,
  findEndpoint,
  findFirstEndpoint,
  findMessage,
  insertEndpoint,
  listEndpoints,
  newEndpointId,
  requeueMessage,
  saveEndpoint,
  updateEndpoint,
} from "../store/webhooks.js";
import { type ChangeSource, recordAudit } from "./audit.js";
import type { Context } from "./context.js";
import type { WebhookTargetPolicy } from "./webhook-targets.js";
import { newWebhookSecret, requireWebhookTarget } from "./webhooks.js";

/*
 * A shop's webhook endpoints, managed from the API and the back office. Every change is audited
 * in its own transaction; the audit log keeps what an endpoint is, never its secret.
 */

/** What the audit log keeps of an endpoint. */
const audited = (row: WebhookEndpointRow) => {
  const { secret: _secret, ...view } = toWebhookEndpoint(row);
  return view;
};

const notFound = (id: string) => new EncoreError("webhook_endpoint_not_found", `no webhook endpoint ${id}`);

export async function listShopEndpoints(ctx: Context, shopId: string): Promise<{ endpoints: WebhookEndpointView[] }> {
  return { endpoints: (await listEndpoints(ctx.store.db, shopId)).map(toWebhookEndpoint) };
}

export async function createEndpoint(
  ctx: Context,
  shopId: string,
  body: WebhookEndpointCreateBody,
  targets: WebhookTargetPolicy,
  source: ChangeSource,
): Promise<WebhookEndpointView> {
  await requireWebhookTarget(body.url, targets);
  const now = ctx.clock.now();
  const row = {
    id: newEndpointId(),
    shop_id: shopId,
    url: body.url,
    secret: body.secret ?? newWebhookSecret(),
    events: body.events ? JSON.stringify(body.events) : null,
    enabled: body.enabled === false ? 0 : 1,
    created_at: now,
    updated_at: now,
  };
  const added = await ctx.store.db.transaction().execute(async (trx) => {
    const added = await insertEndpoint(trx, row);
    await audit(trx, shopId, source, "webhook.create", row.id, null, audited(added), now);
    return added;
  });
  return toWebhookEndpoint(added);
}

export async function patchEndpoint(
  ctx: Context,
  shopId: string,
  endpointId: string,
  body: WebhookEndpointPatchBody,
  targets: WebhookTargetPolicy,
  source: ChangeSource,
): Promise<WebhookEndpointView> {
  if (body.url !== undefined) await requireWebhookTarget(body.url, targets);
  const now = ctx.clock.now();
  const changes = {
    ...(body.url !== undefined ? { url: body.url } : {}),
    ...(body.secret !== undefined ? { secret: body.secret } : {}),
    ...(body.events !== undefined ? { events: body.events === null ? null : JSON.stringify(body.events) } : {}),
    ...(body.enabled !== undefined ? { enabled: body.enabled ? 1 : 0 } : {}),
  };
  const after = await ctx.store.db.transaction().execute(async (trx) => {
    const before = await findEndpoint(trx, shopId, endpointId);
    if (!before) throw notFound(endpointId);
    if (Object.keys(changes).length === 0) return before;
    const after = { ...before, ...changes, updated_at: now };
    await updateEndpoint(trx, shopId, endpointId, { ...changes, updated_at: now });
    await audit(trx, shopId, source, "webhook.update", endpointId, audited(before), audited(after), now);
    return after;
  });
  return toWebhookEndpoint(after);
}

export async function removeEndpoint(
  ctx: Context,
  shopId: string,
  endpointId: string,
  source: ChangeSource,
): Promise<{ deleted: true; id: string }> {
  const now = ctx.clock.now();
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await findEndpoint(trx, shopId, endpointId);
    if (!before) throw notFound(endpointId);
    await deleteEndpoint(trx, shopId, endpointId);
    await audit(trx, shopId, source, "webhook.delete", endpointId, audited(before), null, now);
  });
  return { deleted: true, id: endpointId };
}

/**
 * "Send again": the message goes to its endpoint once more, at the worker's next pass, signed
 * with the endpoint's current secret. A receiver tells a repeat by the `encore-delivery` header,
 * which stays the message's id.
 */
export async function resendMessage(
  ctx: Context,
  shopId: string,
  messageId: number,
  source: ChangeSource,
): Promise<{ message: WebhookMessageView }> {
  const now = ctx.clock.now();
  const message = await ctx.store.db.transaction().execute(async (trx) => {
    const message = await findMessage(trx, shopId, messageId);
    if (!message) throw new EncoreError("webhook_message_not_found", `no webhook message ${messageId}`);
    const endpoint = message.endpoint_id ? await findEndpoint(trx, shopId, message.endpoint_id) : undefined;
    if (!endpoint) throw notFound(message.endpoint_id ?? "(deleted)");
    await requeueMessage(trx, shopId, messageId, now);
    const target = { kind: "webhook_message", id: String(messageId) };
    await recordAudit(
      trx,
      shopId,
      source,
      {
        action: "webhook.resend",
        target,
        before: { endpointId: endpoint.id, event: message.event, deliveredAt: message.delivered_at },
        after: { endpointId: endpoint.id, event: message.event, nextAttemptAt: now },
      },
      now,
    );
    return { ...message, delivered_at: null, next_attempt_at: now };
  });
  return { message: toWebhookMessage(message) };
}

/** `PUT /v1/webhooks`: the URL and secret of the shop's first endpoint, which it adds when there is none. */
export async function putFirstEndpoint(
  ctx: Context,
  shopId: string,
  body: { url: string; secret?: string | undefined },
  targets: WebhookTargetPolicy,
  source: ChangeSource,
): Promise<{ url: string; secret: string }> {
  await requireWebhookTarget(body.url, targets);
  const now = ctx.clock.now();
  const secret = body.secret ?? newWebhookSecret();
  await ctx.store.db.transaction().execute(async (trx) => {
    const before = await findFirstEndpoint(trx, shopId);
    const after = await saveEndpoint(trx, { shop_id: shopId, url: body.url, secret, updated_at: now });
    const action = before ? "webhook.update" : "webhook.create";
    await audit(trx, shopId, source, action, after.id, before ? audited(before) : null, audited(after), now);
  });
  return { url: body.url, secret };
}

/** `GET /v1/webhooks`: the shop's first endpoint as it set it; nulls before it has one. */
export async function firstEndpoint(ctx: Context, shopId: string) {
  const endpoint = await findFirstEndpoint(ctx.store.db, shopId);
  return { url: endpoint?.url ?? null, secret: endpoint?.secret ?? null };
}

function audit(
  trx: Executor,
  shopId: string,
  source: ChangeSource,
  action: "webhook.create" | "webhook.update" | "webhook.delete",
  endpointId: string,
  before: unknown,
  after: unknown,
  now: number,
): Promise<void> {
  return recordAudit(trx, shopId, source, { action, target: { kind: "webhook", id: endpointId }, before, after }, now);
}
