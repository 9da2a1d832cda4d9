import { useState } from "preact/hooks";
import { useHost } from "../context.js";
import { Button } from "../parts/Button.js";
import { SelectField } from "../parts/Field.js";
import { Panel } from "../parts/Panel.js";
import { RefusalNote } from "../parts/RefusalNote.js";
import { TierTag } from "../parts/TierTag.js";
import { InviteToStage } from "./StagePanel.js";

/**
 * "Who is here": the notable viewers in the room now, each with why, and a one-tap greeting (with a
 * coupon of the template chosen above the list, if any). Read when the host asks: the list is a
 * handful of set-based queries over everyone present, not a push to every console each second.
 */
export function PresentPanel() {
  const { model, t, locale } = useHost();
  const [templateId, setTemplateId] = useState("");
  const present = model.present.value;
  const busy = model.requests.busy.value;
  const greeted = model.greeted.value;
  const templates = model.templates.value.filter((tpl) => tpl.active);
  return (
    <Panel title={t.presentPanel}>
      <div class="flex items-end gap-2">
        <SelectField
          label={t.presentGift}
          class="min-w-0 flex-1"
          value={templateId}
          onChange={(event) => setTemplateId((event.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">{t.presentNoGift}</option>
          {templates.map((tpl) => (
            <option key={tpl.id} value={tpl.id}>
              {tpl.name[locale.value]}
            </option>
          ))}
        </SelectField>
        <Button disabled={busy.has("present")} onClick={() => void model.loadPresent()}>
          {present ? t.presentRefresh : t.presentLoad}
        </Button>
      </div>
      <RefusalNote action="present" />
      <RefusalNote action="greet" />
      {present && (
        <p class="text-xs text-[var(--host-muted)]">{t.presentCount(present.present, present.viewers.length)}</p>
      )}
      {present && present.viewers.length > 0 && (
        <ul aria-label={t.presentPanel} class="flex max-h-64 flex-col gap-1 overflow-y-auto">
          {present.viewers.map((v) => {
            const done = greeted.get(v.viewerId);
            return (
              <li key={v.viewerId} class="flex items-center gap-2 rounded px-2 py-1 text-sm hover:bg-white/5">
                <span class="min-w-0 flex-1">
                  <span class="block truncate">
                    <TierTag tier={v.tier} />
                    <span class="font-semibold">{v.name}</span>
                  </span>
                  <span class="block text-xs text-[var(--host-muted)]">
                    {v.reasons.map((r) => t[`presentReason_${r}`]).join(" · ")}
                  </span>
                </span>
                {done ? (
                  <span class="shrink-0 text-xs text-emerald-300">
                    {done.coupon ? t.presentGreetedGift : t.presentGreeted}
                  </span>
                ) : (
                  <button
                    type="button"
                    disabled={busy.has("greet")}
                    aria-label={`${templateId ? t.presentGreetGift : t.presentGreet} ${v.name}`}
                    class="shrink-0 rounded border border-white/15 px-2 py-0.5 text-xs hover:border-emerald-400 hover:text-emerald-200 disabled:opacity-50"
                    onClick={() => void model.greet(v.viewerId, templateId || null)}
                  >
                    {templateId ? t.presentGreetGift : t.presentGreet}
                  </button>
                )}
                <InviteToStage viewerId={v.viewerId} name={v.name} />
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
