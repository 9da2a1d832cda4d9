import { toDelivery, toWebhookMessage } from "../adapters.js";
import { findEndpoint, listDeliveries, listOutbox } from "../store/webhooks.js";
import type { Context } from "./context.js";

/** The shop's webhook endpoint as it set it; nulls before it has set one. */
export async function webhookEndpoint(ctx: Context, shopId: string) {
  const endpoint = await findEndpoint(ctx.store.db, shopId);
  return { url: endpoint?.url ?? null, secret: endpoint?.secret ?? null };
}

/** Webhook messages and every delivery attempt, newest first. */
export async function webhookDeliveries(ctx: Context, shopId: string, limit: number) {
  const { db } = ctx.store;
  return {
    deliveries: (await listDeliveries(db, shopId, limit)).map(toDelivery),
    messages: (await listOutbox(db, shopId, limit)).map(toWebhookMessage),
  };
}
