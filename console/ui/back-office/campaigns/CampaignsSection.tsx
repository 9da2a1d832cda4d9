import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { CampaignSchedule, CampaignView } from "../../../../protocol/campaigns.js";
import { fill, type HostStrings } from "../../../i18n/index.js";
import type { CampaignsAdminModel } from "../../../models/campaigns-admin.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { Panel } from "../../parts/Panel.js";
import { CampaignForm, weekdayName } from "./CampaignForm.js";

/** When a schedule runs, in the person's words: local times as the shop set them. */
function whenText(schedule: CampaignSchedule, t: HostStrings, locale: string): string {
  if (schedule.kind === "dates") {
    return fill(t.cpRuns, { start: schedule.start.replace("T", " "), end: schedule.end.replace("T", " ") });
  }
  const parts: string[] = [];
  if (schedule.daysOfWeek.length > 0) {
    const days = [...schedule.daysOfWeek].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
    parts.push(fill(t.cpEvery, { days: days.map((d) => weekdayName(d, locale)).join(locale === "en" ? ", " : "、") }));
  }
  if (schedule.daysOfMonth.length > 0) parts.push(fill(t.cpMonthly, { days: schedule.daysOfMonth.join(", ") }));
  return parts.join(" · ");
}

const rowClass = "flex flex-col gap-1 rounded-lg border border-white/10 bg-white/5 p-3";

function CampaignRow(props: { model: CampaignsAdminModel; campaign: CampaignView }) {
  const { model, campaign } = props;
  const { t, locale, refusal } = useHost();
  const failed = useSignal<string | null>(null);
  return (
    <li data-testid="campaign-row" class={rowClass}>
      <div class="flex flex-wrap items-start justify-between gap-2">
        <p class="min-w-0 flex-1 text-sm font-semibold [overflow-wrap:anywhere]">{campaign.name[locale.value]}</p>
        <Button
          busy={model.busy.value === campaign.id}
          onClick={async () => {
            const answer = await model.remove(campaign.id);
            failed.value = answer.ok ? null : refusal(answer.code);
          }}
        >
          {t.cpDelete}
        </Button>
      </div>
      <p class="text-sm">{whenText(campaign.schedule, t, locale.value)}</p>
      <p class="text-xs text-amber-200">
        {fill(t.cpMultipliers, { order: campaign.orderMultiplier, watch: campaign.watchMultiplier })}
      </p>
      {campaign.coupons.length > 0 && (
        <p class="text-xs text-[var(--host-muted)]">{fill(t.cpReserved, { n: campaign.coupons.length })}</p>
      )}
      {failed.value && (
        <p role="alert" class="text-xs text-rose-200">
          {failed.value}
        </p>
      )}
    </li>
  );
}

/**
 * The Campaigns section: the shop's campaigns and, as the recurring campaign it is, the member
 * day the Program section sets; a new campaign added below.
 */
export function CampaignsSection(props: { model: CampaignsAdminModel }) {
  const { model } = props;
  const { t, locale, refusal } = useHost();
  const added = useSignal(0);
  useEffect(() => void model.load(), [model]);
  const campaigns = model.campaigns.value;
  const memberDays = model.memberDays.value;
  const hasMemberDay = memberDays && memberDays.daysOfMonth.length + memberDays.daysOfWeek.length > 0;
  return (
    <Panel title={t.campaignsTitle} class="h-fit w-full max-w-6xl">
      <p class="text-sm text-[var(--host-muted)]">{t.cpIntro}</p>
      {model.refusal.value && (
        <p role="alert" class="text-sm text-rose-200">
          {refusal(model.refusal.value)}
        </p>
      )}
      <ul aria-label={t.campaignsTitle} class="grid gap-3 lg:grid-cols-2">
        {hasMemberDay && (
          <li data-testid="campaign-member-day" class={rowClass}>
            <p class="text-sm font-semibold">{t.cpMemberDay}</p>
            <p class="text-sm">{whenText({ kind: "recurring", ...memberDays }, t, locale.value)}</p>
            <p class="text-xs text-amber-200">{fill(t.cpMultipliers, { order: 1, watch: memberDays.multiplier })}</p>
            <p class="text-xs text-[var(--host-muted)]">{t.cpMemberDayNote}</p>
          </li>
        )}
        {campaigns?.map((campaign) => (
          <CampaignRow key={campaign.id} model={model} campaign={campaign} />
        ))}
      </ul>
      {campaigns?.length === 0 && <p class="text-sm text-[var(--host-muted)]">{t.cpEmpty}</p>}
      <details class="rounded-lg border border-white/10 p-3">
        <summary class="cursor-pointer text-sm font-semibold">{t.cpAdd}</summary>
        <div class="pt-3">
          <CampaignForm
            key={added.value}
            busy={model.busy.value === ""}
            onSubmit={(input) => model.create(input)}
            onDone={() => added.value++}
          />
        </div>
      </details>
    </Panel>
  );
}
