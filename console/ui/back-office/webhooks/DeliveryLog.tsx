import type { WebhookEndpointView, WebhookMessageView } from "../../../../protocol/webhook-endpoints.js";
import { fill } from "../../../i18n/index.js";
import type { WebhooksAdminModel } from "../../../models/webhooks-admin.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { useEventNames } from "./words.js";

/** The newest messages, one per address: the event, where it goes, how it stands, when, and "send again". */
export function DeliveryLog(props: { model: WebhooksAdminModel; endpoints: WebhookEndpointView[] }) {
  const { model, endpoints } = props;
  const { t, locale } = useHost();
  const names = useEventNames();
  const messages = model.messages.value;
  const when = (at: number) =>
    new Intl.DateTimeFormat(locale.value, {
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    }).format(new Date(at));
  const where = (m: WebhookMessageView) => endpoints.find((e) => e.id === m.endpointId)?.url ?? t.whRemoved;
  const status = (m: WebhookMessageView) => {
    if (m.state === "delivered") return fill(t.whDelivered, { when: when(m.deliveredAt ?? m.createdAt) });
    if (m.attempts > 0 && m.nextAttemptAt !== null) {
      return fill(t.whFailing, { attempts: m.attempts, when: when(m.nextAttemptAt) });
    }
    return fill(t.whPending, { when: when(m.createdAt) });
  };
  return (
    <div class="flex flex-col gap-2">
      <h3 class="text-sm font-semibold">{t.whLog}</h3>
      {messages?.length === 0 && <p class="text-sm text-[var(--host-muted)]">{t.whLogEmpty}</p>}
      <ul aria-label={t.whLog} class="flex flex-col gap-2">
        {messages?.map((m) => (
          <li
            key={m.id}
            data-testid="webhook-message"
            class="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-white/10 bg-white/5 px-3 py-2"
          >
            <div class="flex min-w-0 flex-1 flex-col">
              <strong class="text-sm">{names[m.event]}</strong>
              <span class="text-xs text-[var(--host-muted)] [overflow-wrap:anywhere]">{where(m)}</span>
              <span class={`text-xs ${m.state === "delivered" ? "text-emerald-300" : "text-amber-200"}`}>
                {status(m)}
              </span>
              {model.resent.value === m.id && m.state === "pending" && (
                <span role="status" class="text-xs text-[var(--host-muted)]">
                  {t.whQueued}
                </span>
              )}
            </div>
            {m.endpointId && endpoints.some((e) => e.id === m.endpointId) && (
              <Button busy={model.busy.value === `message:${m.id}`} onClick={() => void model.sendAgain(m.id)}>
                {t.whSendAgain}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
