import type { AutomationsConfig, Insight, TouchView } from "../../protocol/index.js";
import { ClientEvent } from "../../protocol/index.js";
import { DAY_MS } from "../../server/domain/coupons.js";
import { shopApi } from "../../support/commerce.js";
import { call, type TestServer } from "../../support/server.js";

export { DAY_MS };

type Patch = { [K in keyof AutomationsConfig]?: Partial<AutomationsConfig[K]> };

/** Changes parts of the shop's automations over PUT /v1/config; throws with the refusal otherwise. */
export async function setAutomations(server: TestServer, patch: Patch): Promise<void> {
  const config = (await shopApi(server, "/v1/config")).body;
  const current = config.automations as Record<string, Record<string, unknown>>;
  const automations = { ...current };
  for (const [key, value] of Object.entries(patch)) automations[key] = { ...current[key], ...value };
  const res = await shopApi(server, "/v1/config", { method: "PUT", body: { ...config, automations } });
  if (res.status !== 200) throw new Error(`config refused: ${JSON.stringify(res.body)}`);
}

/** Moves the scripted clock by whole days and runs one sweep of every shop there. */
export async function sweepAfter(server: TestServer, days: number) {
  server.clock.advance(days * DAY_MS);
  const [result] = await server.app.lifecycle.sweepAll();
  return result;
}

/** Reports an order over the shop API. */
export async function order(
  server: TestServer,
  viewerId: string,
  orderId: string,
  items: { sku: string; qty: number; price: number }[],
  couponCode?: string,
) {
  const amount = items.reduce((sum, i) => sum + i.qty * i.price, 0);
  const res = await shopApi(server, "/v1/orders", {
    body: { orderId, viewerId, amount, items, paidAt: server.clock.now(), ...(couponCode ? { couponCode } : {}) },
  });
  if (res.status !== 200) throw new Error(`order refused: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The viewer's inbox as the widget reads it, over a socket of their own. */
export async function inboxOf(server: TestServer, viewerId: string): Promise<TouchView[]> {
  const socket = await server.connect({ token: await server.token(viewerId) });
  try {
    const ack = await call(socket, ClientEvent.inbox, {});
    if (!ack.ok) throw new Error(`inbox refused: ${ack.error.code}`);
    return ack.data.touches;
  } finally {
    socket.disconnect();
  }
}

export async function report(server: TestServer, automation: string) {
  const insight = (await shopApi(server, `/v1/insight?room=${server.roomId}`)).body as unknown as Insight;
  const found = insight.automations.find((a) => a.automation === automation);
  if (!found) throw new Error(`no report for ${automation}`);
  return found;
}

/** The touches the store holds for the shop, by viewer, key and status. */
export async function touchRows(server: TestServer) {
  return server.store.db
    .selectFrom("touches")
    .select(["viewer_id", "kind", "key", "status", "reason", "coupon_code", "sent_at"])
    .where("shop_id", "=", server.shop.id)
    .orderBy("viewer_id")
    .orderBy("key")
    .execute();
}
