import { useEffect, useMemo, useState } from "preact/hooks";
import type { WebhookEndpointView } from "../../../../protocol/webhook-endpoints.js";
import { fill } from "../../../i18n/index.js";
import type { AdminSessionModel } from "../../../models/admin-session.js";
import { createWebhooksAdmin, type WebhooksAdminModel } from "../../../models/webhooks-admin.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { Panel } from "../../parts/Panel.js";
import { DeliveryLog } from "./DeliveryLog.js";
import { EndpointForm } from "./EndpointForm.js";
import { useEventNames } from "./words.js";

/** The Webhooks section: the shop's addresses, each with its events and switch, and the delivery log. */
export function WebhooksSection(props: { admin: AdminSessionModel }) {
  const model = useMemo(() => createWebhooksAdmin(props.admin), [props.admin]);
  const { t, refusal } = useHost();
  useEffect(() => void model.load(), [model]);
  const endpoints = model.endpoints.value;
  return (
    <Panel title={t.whTitle} class="h-fit w-full max-w-6xl">
      <p class="text-sm text-[var(--host-muted)]">{t.whIntro}</p>
      {model.refusal.value && (
        <p role="alert" class="text-sm text-rose-200">
          {refusal(model.refusal.value)}
        </p>
      )}
      {endpoints === null ? (
        <p role="status" class="text-sm text-[var(--host-muted)]">
          {t.whLoading}
        </p>
      ) : (
        <div class="grid gap-6 lg:grid-cols-2">
          <div class="flex min-w-0 flex-col gap-2">
            <h3 class="text-sm font-semibold">{t.whEndpoints}</h3>
            {endpoints.length === 0 && <p class="text-sm text-[var(--host-muted)]">{t.whNone}</p>}
            <ul aria-label={t.whEndpoints} class="flex flex-col gap-2">
              {endpoints.map((endpoint) => (
                <EndpointRow key={endpoint.id} model={model} endpoint={endpoint} />
              ))}
            </ul>
            <EndpointForm busy={model.busy.value === "new"} submitLabel={t.whAdd} onSubmit={model.add} />
          </div>
          <DeliveryLog model={model} endpoints={endpoints} />
        </div>
      )}
    </Panel>
  );
}

function EndpointRow(props: { model: WebhooksAdminModel; endpoint: WebhookEndpointView }) {
  const { model, endpoint } = props;
  const { t } = useHost();
  const names = useEventNames();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [showSecret, setShowSecret] = useState(false);
  const busy = model.busy.value === endpoint.id;
  if (editing) {
    return (
      <li data-testid="webhook-endpoint">
        <EndpointForm
          initial={{ url: endpoint.url, secret: "", events: endpoint.events }}
          busy={busy}
          submitLabel={t.whSave}
          onSubmit={async (draft) => {
            const done = await model.edit(endpoint.id, draft);
            if (done) setEditing(false);
            return done;
          }}
          onCancel={() => setEditing(false)}
        />
      </li>
    );
  }
  return (
    <li
      data-testid="webhook-endpoint"
      class="flex flex-col gap-2 rounded-lg border border-white/10 bg-white/5 px-3 py-2"
    >
      <strong class="text-sm [overflow-wrap:anywhere]">{endpoint.url}</strong>
      <p class="text-xs text-[var(--host-muted)]">
        <span class={endpoint.enabled ? "text-emerald-300" : "text-amber-200"}>
          {endpoint.enabled ? t.whOn : t.whOff}
        </span>
        {" · "}
        {endpoint.events === null
          ? t.whAllEvents
          : endpoint.events.length <= 3
            ? endpoint.events.map((e) => names[e]).join(t.whListSeparator)
            : fill(t.whEventCount, { count: endpoint.events.length })}
      </p>
      {showSecret && (
        <code class="block overflow-x-auto whitespace-nowrap rounded-md bg-black/30 px-2 py-1 font-mono text-xs">
          {endpoint.secret}
        </code>
      )}
      {confirming ? (
        <div role="alertdialog" class="flex flex-wrap items-center gap-2 text-sm">
          <span class="min-w-0 flex-1">{t.whConfirmDelete}</span>
          <Button tone="danger" busy={busy} onClick={() => void model.remove(endpoint.id)}>
            {t.whDelete}
          </Button>
          <Button onClick={() => setConfirming(false)}>{t.whCancel}</Button>
        </div>
      ) : (
        <div class="flex flex-wrap gap-2">
          <Button onClick={() => setEditing(true)}>{t.whEdit}</Button>
          <Button busy={busy} onClick={() => void model.setEnabled(endpoint.id, !endpoint.enabled)}>
            {endpoint.enabled ? t.whDisable : t.whEnable}
          </Button>
          <Button onClick={() => setShowSecret((s) => !s)}>{showSecret ? t.whHideSecret : t.whShowSecret}</Button>
          <Button tone="danger" onClick={() => setConfirming(true)}>
            {t.whDelete}
          </Button>
        </div>
      )}
    </li>
  );
}
