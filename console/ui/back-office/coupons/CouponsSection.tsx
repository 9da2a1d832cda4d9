import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { TemplateCounts } from "../../../../protocol/coupons.js";
import { fill } from "../../../i18n/index.js";
import type { TemplateAdminModel } from "../../../models/template-admin.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { CouponName } from "../../parts/coupon.js";
import { Panel } from "../../parts/Panel.js";
import { TemplateEditForm } from "./TemplateEditForm.js";

/** One figure of a template's row: a label over a number. */
function Figure(props: { label: string; value: string }) {
  return (
    <div class="flex min-w-0 flex-col">
      <dt class="text-xs text-[var(--host-muted)]">{props.label}</dt>
      <dd class="text-sm font-semibold tabular-nums">{props.value}</dd>
    </div>
  );
}

function TemplateRow(props: {
  onCloned: () => void;
  model: TemplateAdminModel;
  template: TemplateCounts;
  editing: boolean;
  onEdit: (open: boolean) => void;
}) {
  const { model, template } = props;
  const { t } = useHost();
  const busy = model.busy.value === template.id;
  const count = (n: number) => n.toLocaleString("en");
  const terms = [
    fill(t.cpPerViewer, { n: template.perViewerLimit }),
    fill(t.cpValidDays, { n: template.validDays }),
    ...(template.pointsCost === null ? [] : [fill(t.cpPointsPrice, { n: count(template.pointsCost) })]),
  ].join(" · ");
  return (
    <li
      data-testid="template-row"
      data-paused={template.active ? undefined : "true"}
      class="flex flex-col gap-3 rounded-lg border border-white/10 bg-white/5 p-3"
    >
      <div class="flex flex-wrap items-start justify-between gap-2">
        <p class="min-w-0 flex-1 text-sm [overflow-wrap:anywhere]">
          <CouponName coupon={template} />
        </p>
        <span
          class={`shrink-0 rounded-full px-2 py-0.5 text-xs font-semibold ${template.active ? "bg-emerald-500/20 text-emerald-200" : "bg-amber-400/20 text-amber-200"}`}
        >
          {template.active ? t.cpActive : t.cpPaused}
        </span>
      </div>
      <p class="text-xs text-[var(--host-muted)]">{terms}</p>
      <dl class="grid grid-cols-2 gap-2 sm:grid-cols-4">
        <Figure label={t.cpStock} value={template.stock === null ? t.cpUnlimited : count(template.stock)} />
        <Figure label={t.cpLeft} value={template.remaining === null ? "—" : count(template.remaining)} />
        <Figure label={t.cpIssued} value={count(template.issued)} />
        <Figure label={t.cpRedeemed} value={count(template.redeemed)} />
      </dl>
      {!template.active && <p class="text-xs text-amber-200">{t.cpPausedNote}</p>}
      {props.editing ? (
        <TemplateEditForm model={model} template={template} onDone={() => props.onEdit(false)} />
      ) : (
        <div class="flex flex-wrap gap-2">
          <Button onClick={() => props.onEdit(true)}>{t.cpEdit}</Button>
          {template.active ? (
            <Button busy={busy} onClick={() => void model.pause(template.id)}>
              {t.cpPause}
            </Button>
          ) : (
            <Button tone="accent" busy={busy} onClick={() => void model.resume(template.id)}>
              {t.cpResume}
            </Button>
          )}
          <Button busy={busy} onClick={async () => (await model.clone(template.id)) && props.onCloned()}>
            {t.cpClone}
          </Button>
        </div>
      )}
    </li>
  );
}

/** The Coupons section: every template with its counts, and editing, pausing, resuming and cloning each. */
export function CouponsSection(props: { model: TemplateAdminModel }) {
  const { model } = props;
  const { t, refusal } = useHost();
  const editing = useSignal<string | null>(null);
  const cloned = useSignal(false);
  useEffect(() => void model.load(), [model]);
  const templates = model.templates.value;
  return (
    <Panel title={t.cpTitle} class="h-fit w-full max-w-6xl">
      {model.refusal.value && (
        <p role="alert" class="text-sm text-rose-200">
          {refusal(model.refusal.value)}
        </p>
      )}
      {cloned.value && (
        <p role="status" class="text-sm text-emerald-200">
          {t.cpCloned}
        </p>
      )}
      {templates?.length === 0 && <p class="text-sm text-[var(--host-muted)]">{t.cpEmpty}</p>}
      <ul aria-label={t.cpTitle} class="grid gap-3 lg:grid-cols-2">
        {templates?.map((template) => (
          <TemplateRow
            key={template.id}
            model={model}
            template={template}
            editing={editing.value === template.id}
            onEdit={(open) => (editing.value = open ? template.id : null)}
            onCloned={() => (cloned.value = true)}
          />
        ))}
      </ul>
    </Panel>
  );
}
