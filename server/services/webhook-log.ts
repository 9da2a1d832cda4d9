import { toDelivery, toWebhookMessage } from "../adapters.js";
import { listDeliveries, listOutbox } from "../store/webhooks.js";
import type { Context } from "./context.js";

/** Webhook messages and every delivery attempt, newest first. */
export async function webhookDeliveries(ctx: Context, shopId: string, limit: number) {
  const { db } = ctx.store;
  return {
    deliveries: (await listDeliveries(db, shopId, limit)).map(toDelivery),
    messages: (await listOutbox(db, shopId, limit)).map(toWebhookMessage),
  };
}
