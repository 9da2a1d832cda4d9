import { type ReadonlySignal, signal } from "@preact/signals";
import type { WebhookEvent } from "../../protocol/commerce.js";
import type { WebhookEndpointView, WebhookMessageView } from "../../protocol/webhook-endpoints.js";
import type { AdminSessionModel } from "./admin-session.js";

/** What the add and edit forms send: events null means every event, including ones added later. */
export interface EndpointDraft {
  url: string;
  /** empty: keep (when editing) or generate (when adding) */
  secret: string;
  events: WebhookEvent[] | null;
}

export interface WebhooksAdminModel {
  endpoints: ReadonlySignal<WebhookEndpointView[] | null>;
  messages: ReadonlySignal<WebhookMessageView[] | null>;
  /** the endpoint or message an action is under way for ("new" while adding) */
  busy: ReadonlySignal<string | null>;
  refusal: ReadonlySignal<string | null>;
  /** the message just queued again, to say so beside it */
  resent: ReadonlySignal<number | null>;
  load(): Promise<void>;
  add(draft: EndpointDraft): Promise<boolean>;
  edit(id: string, draft: EndpointDraft): Promise<boolean>;
  setEnabled(id: string, enabled: boolean): Promise<void>;
  remove(id: string): Promise<void>;
  sendAgain(messageId: number): Promise<void>;
}

/**
 * The shop's webhook endpoints and the delivery log, over the same routes the shop's backend
 * uses (shop-or-session). Every action reads the list and the log again, so what is shown is
 * what the server holds.
 */
export function createWebhooksAdmin(admin: AdminSessionModel): WebhooksAdminModel {
  const endpoints = signal<WebhookEndpointView[] | null>(null);
  const messages = signal<WebhookMessageView[] | null>(null);
  const busy = signal<string | null>(null);
  const refusal = signal<string | null>(null);
  const resent = signal<number | null>(null);

  const load = async () => {
    const [list, log] = await Promise.all([
      admin.api<{ endpoints: WebhookEndpointView[] }>("/v1/webhook-endpoints"),
      admin.api<{ messages: WebhookMessageView[] }>("/v1/webhooks/deliveries?limit=50"),
    ]);
    if (list.ok) endpoints.value = list.data.endpoints;
    if (log.ok) messages.value = log.data.messages;
    const failed = !list.ok ? list : !log.ok ? log : null;
    if (failed) refusal.value = failed.code;
  };

  /** One change: refused with its code, or done and the list read again. */
  const act = async (key: string, call: () => ReturnType<typeof admin.api>): Promise<boolean> => {
    if (busy.peek()) return false;
    busy.value = key;
    refusal.value = null;
    try {
      const answer = await call();
      if (!answer.ok) {
        refusal.value = answer.code;
        return false;
      }
      await load();
      return true;
    } finally {
      busy.value = null;
    }
  };

  return {
    endpoints,
    messages,
    busy,
    refusal,
    resent,
    load,
    add: (draft) =>
      act("new", () =>
        admin.api("/v1/webhook-endpoints", {
          method: "POST",
          body: { url: draft.url.trim(), events: draft.events, ...(draft.secret ? { secret: draft.secret } : {}) },
        }),
      ),
    edit: (id, draft) =>
      act(id, () =>
        admin.api(`/v1/webhook-endpoints/${encodeURIComponent(id)}`, {
          method: "PATCH",
          body: { url: draft.url.trim(), events: draft.events, ...(draft.secret ? { secret: draft.secret } : {}) },
        }),
      ),
    async setEnabled(id, enabled) {
      await act(id, () =>
        admin.api(`/v1/webhook-endpoints/${encodeURIComponent(id)}`, { method: "PATCH", body: { enabled } }),
      );
    },
    async remove(id) {
      await act(id, () => admin.api(`/v1/webhook-endpoints/${encodeURIComponent(id)}`, { method: "DELETE" }));
    },
    async sendAgain(messageId) {
      const done = await act(`message:${messageId}`, () =>
        admin.api(`/v1/webhook-messages/${messageId}/retry`, { method: "POST", body: {} }),
      );
      if (done) resent.value = messageId;
    },
  };
}
