import { describe, expect, it } from "vitest";
import type { AdminAnswer, AdminSessionModel } from "../../console/models/admin-session.js";
import { createWebhooksAdmin } from "../../console/models/webhooks-admin.js";
import type { WebhookEndpointView } from "../../protocol/webhook-endpoints.js";

interface Call {
  path: string;
  method: string;
  body?: unknown;
}

/** A session whose API is a small in-memory shop: just what the webhooks routes answer. */
function fakeAdmin(refuse?: { path: RegExp; code: string }) {
  const calls: Call[] = [];
  let endpoints: WebhookEndpointView[] = [];
  const messages = [
    {
      id: 7,
      endpointId: "whe_a",
      event: "order.credited",
      state: "delivered",
      attempts: 1,
      nextAttemptAt: null,
      createdAt: 1,
      deliveredAt: 2,
    },
  ];
  const api = async (path: string, init: { method?: string; body?: unknown } = {}): Promise<AdminAnswer<unknown>> => {
    const method = init.method ?? "GET";
    calls.push({ path, method, ...(init.body === undefined ? {} : { body: init.body }) });
    if (refuse?.path.test(path) && method !== "GET") return { ok: false, code: refuse.code, fields: [] };
    if (path === "/v1/webhook-endpoints" && method === "GET") return { ok: true, data: { endpoints }, etag: null };
    if (path.startsWith("/v1/webhooks/deliveries")) return { ok: true, data: { messages }, etag: null };
    if (path === "/v1/webhook-endpoints" && method === "POST") {
      const body = init.body as { url: string; events: WebhookEndpointView["events"] };
      endpoints = [
        ...endpoints,
        {
          id: `whe_${endpoints.length}`,
          url: body.url,
          secret: "s",
          events: body.events,
          enabled: true,
          createdAt: 1,
          updatedAt: 1,
        },
      ];
      return { ok: true, data: endpoints.at(-1), etag: null };
    }
    if (method === "PATCH") {
      const id = decodeURIComponent(path.split("/").pop() ?? "");
      endpoints = endpoints.map((e) => (e.id === id ? { ...e, ...(init.body as object) } : e));
      return { ok: true, data: {}, etag: null };
    }
    return { ok: true, data: {}, etag: null };
  };
  return { admin: { api } as unknown as AdminSessionModel, calls };
}

describe("the back office's webhooks model", () => {
  it("adds an address for every event or for the events picked, and reads the list again", async () => {
    const { admin, calls } = fakeAdmin();
    const model = createWebhooksAdmin(admin);
    await model.load();
    expect(model.endpoints.value).toEqual([]);
    expect(model.messages.value?.map((m) => m.id)).toEqual([7]);

    expect(await model.add({ url: " https://shop.example/hooks ", secret: "", events: null })).toBe(true);
    expect(
      await model.add({ url: "https://crm.example/in", secret: "whsec_0123456789abcdef", events: ["order.refunded"] }),
    ).toBe(true);
    expect(calls.filter((c) => c.method === "POST").map((c) => c.body)).toEqual([
      { url: "https://shop.example/hooks", events: null },
      { url: "https://crm.example/in", events: ["order.refunded"], secret: "whsec_0123456789abcdef" },
    ]);
    expect(model.endpoints.value?.map((e) => [e.url, e.events])).toEqual([
      ["https://shop.example/hooks", null],
      ["https://crm.example/in", ["order.refunded"]],
    ]);

    await model.setEnabled("whe_1", false);
    expect(calls.at(-3)).toEqual({ path: "/v1/webhook-endpoints/whe_1", method: "PATCH", body: { enabled: false } });
    expect(model.endpoints.value?.find((e) => e.id === "whe_1")?.enabled).toBe(false);
  });

  it("sends a message again and says so; a refusal keeps its code for the page to put in words", async () => {
    const { admin, calls } = fakeAdmin();
    const model = createWebhooksAdmin(admin);
    await model.load();
    await model.sendAgain(7);
    expect(calls.find((c) => c.method === "POST")).toEqual({
      path: "/v1/webhook-messages/7/retry",
      method: "POST",
      body: {},
    });
    expect(model.resent.value).toBe(7);
    expect(model.refusal.value).toBeNull();

    const refused = fakeAdmin({ path: /webhook-endpoints/, code: "webhook_url_refused" });
    const other = createWebhooksAdmin(refused.admin);
    expect(await other.add({ url: "http://10.0.0.7/", secret: "", events: null })).toBe(false);
    expect(other.refusal.value).toBe("webhook_url_refused");
    expect(other.busy.value).toBeNull();
  });
});
