import type { TemplateCounts } from "../../../../protocol/coupons.js";
import { SEGMENTS } from "../../../../protocol/segments.js";
import { fill, type HostStrings } from "../../../i18n/index.js";
import type { ProgramModel } from "../../../models/program.js";
import { type DraftField, WIN_BACK_STEPS } from "../../../models/program-draft.js";
import { useHost } from "../../context.js";
import { Field, SelectField } from "../../parts/Field.js";
import { Panel } from "../../parts/Panel.js";
import { NumberField, Switch, TemplateSelect, useFieldError, useFieldProps } from "./inputs.js";

interface PanelProps {
  model: ProgramModel;
  templates: readonly TemplateCounts[];
}

const grid = "grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3";

export function ChestPanel({ model }: PanelProps) {
  const { t } = useHost();
  return (
    <Panel title={`${t.programTitle} · ${t.pgChestTitle}`} class="h-fit">
      <div class={grid}>
        <NumberField model={model} field="chest.everyMinutes" label={t.pgChestEvery} decimal />
        <NumberField model={model} field="chest.claimMinutes" label={t.pgChestClaim} decimal />
        <NumberField model={model} field="chest.points" label={t.pgChestPoints} />
      </div>
    </Panel>
  );
}

export function MemberDaysPanel({ model }: PanelProps) {
  const { t, locale } = useHost();
  const field = useFieldProps(model);
  const error = useFieldError(model)("memberDays.daysOfWeek");
  const draft = model.draft.value;
  const weekday = (day: number) =>
    new Intl.DateTimeFormat(locale.value, { weekday: "short", timeZone: "UTC" }).format(
      new Date(Date.UTC(2023, 0, 1 + day, 12)),
    );
  // Monday first, as a shop's week reads; the config counts from Sunday (0)
  const week = [1, 2, 3, 4, 5, 6, 0];
  return (
    <Panel title={`${t.programTitle} · ${t.pgMemberDaysTitle}`} class="h-fit">
      <div class="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field label={t.pgDaysOfMonth} hint={t.pgDaysOfMonthHint} {...field("memberDays.daysOfMonth")} />
        <NumberField model={model} field="memberDays.multiplier" label={t.pgMemberMultiplier} decimal />
        <fieldset class="col-span-full flex min-w-0 flex-col gap-1 text-xs text-[var(--host-muted)]">
          <legend class="mb-1">{t.pgDaysOfWeek}</legend>
          <div class="flex flex-wrap gap-x-4 gap-y-2 text-sm text-[var(--host-ink)]">
            {week.map((day) => (
              <label key={day} class="flex items-center gap-1.5">
                <input
                  type="checkbox"
                  class="h-4 w-4"
                  checked={draft?.memberDays.daysOfWeek[day] ?? false}
                  onChange={(event) =>
                    model.edit(`memberDays.daysOfWeek.${day}` as DraftField, event.currentTarget.checked)
                  }
                />
                {weekday(day)}
              </label>
            ))}
          </div>
          {error && (
            <span role="alert" class="text-rose-300">
              {error}
            </span>
          )}
        </fieldset>
      </div>
    </Panel>
  );
}

export function MoneyPanel({ model }: PanelProps) {
  const { t } = useHost();
  return (
    <Panel title={`${t.programTitle} · ${t.pgMoneyTitle}`} class="h-fit">
      <div class="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <NumberField model={model} field="money.pointsPerYuan" label={t.pgPointsPerYuan} />
        <NumberField model={model} field="money.spendCapPercent" label={t.pgSpendCap} />
      </div>
    </Panel>
  );
}

export function TriggersPanel({ model, templates }: PanelProps) {
  const { t } = useHost();
  const select = (field: DraftField, label: string) => (
    <TemplateSelect model={model} field={field} label={label} templates={templates} />
  );
  return (
    <Panel title={`${t.programTitle} · ${t.pgTriggersTitle}`} class="h-fit">
      <div class={grid}>
        {select("repurchase.firstOrderTemplateId", t.pgFirstOrderTemplate)}
        {select("repurchase.birthdayTemplateId", t.pgBirthdayTemplate)}
        {select("repurchase.nudgeTemplateId", t.pgNudgeTemplate)}
      </div>
    </Panel>
  );
}

/**
 * Invite links (老带新): off until switched on; what the invited new viewer must do, and what both
 * get, points or a coupon each, with the fields of the other reward kind out of the way.
 */
export function ReferralsPanel({ model, templates }: PanelProps) {
  const { t } = useHost();
  const field = useFieldProps(model);
  const draft = model.draft.value;
  const action = field("referrals.action");
  const reward = field("referrals.reward");
  return (
    <Panel title={`${t.programTitle} · ${t.pgRefTitle}`} class="h-fit">
      <Switch model={model} field="referrals.enabled" label={t.pgRefOn} />
      <div class={grid}>
        <SelectField label={t.pgRefAction} value={action.value} error={action.error} onChange={action.onInput}>
          <option value="watch">{t.pgRefActionWatch}</option>
          <option value="first_order">{t.pgRefActionOrder}</option>
        </SelectField>
        {draft?.referrals.action === "watch" && (
          <NumberField model={model} field="referrals.watchMinutes" label={t.pgRefMinutes} />
        )}
        <NumberField model={model} field="referrals.monthlyCap" label={t.pgRefCap} hint={t.pgRefCapHint} />
        <SelectField label={t.pgRefReward} value={reward.value} error={reward.error} onChange={reward.onInput}>
          <option value="points">{t.pgRefRewardPoints}</option>
          <option value="coupon">{t.pgRefRewardCoupon}</option>
        </SelectField>
        {draft?.referrals.reward === "coupon" ? (
          <>
            <TemplateSelect
              model={model}
              field="referrals.inviterTemplateId"
              label={t.pgRefInviterCoupon}
              templates={templates}
            />
            <TemplateSelect
              model={model}
              field="referrals.inviteeTemplateId"
              label={t.pgRefInviteeCoupon}
              templates={templates}
            />
          </>
        ) : (
          <>
            <NumberField model={model} field="referrals.inviterPoints" label={t.pgRefInviterPoints} />
            <NumberField model={model} field="referrals.inviteePoints" label={t.pgRefInviteePoints} />
          </>
        )}
      </div>
    </Panel>
  );
}

/** One automation: its switch, then its template and timings. */
function Automation(props: PanelProps & { name: string; title: string; children?: preact.ComponentChildren }) {
  const { model, name, title, templates } = props;
  const { t } = useHost();
  return (
    <fieldset class="grid min-w-0 grid-cols-1 gap-3 rounded-lg border border-white/10 p-3 sm:grid-cols-2">
      <legend class="px-1 text-sm font-semibold">{title}</legend>
      <Switch model={model} field={`automations.${name}.enabled`} label={t.pgAutoOn} class="col-span-full" />
      {name !== "winBack" && (
        <TemplateSelect
          model={model}
          field={`automations.${name}.templateId`}
          label={t.pgAutoTemplate}
          templates={templates}
        />
      )}
      {props.children}
    </fieldset>
  );
}

const segmentWord = (t: HostStrings, segment: (typeof SEGMENTS)[number]) => t[`vwSegment_${segment}`];

export function AutomationsPanel(props: PanelProps) {
  const { model, templates } = props;
  const { t } = useHost();
  const field = useFieldProps(model);
  const days = (name: string, label: string) => (
    <NumberField model={model} field={`automations.${name}`} label={label} />
  );
  return (
    <Panel title={`${t.programTitle} · ${t.pgAutomationsTitle}`} class="h-fit">
      <div class="grid grid-cols-1 gap-3 xl:grid-cols-2">
        <Automation {...props} name="replenish" title={t.auto_replenish}>
          {days("replenish.leadDays", t.pgLeadDays)}
        </Automation>
        <Automation {...props} name="firstOrder" title={t.auto_firstOrder}>
          {days("firstOrder.afterDays", t.pgAfterDays)}
        </Automation>
        <Automation {...props} name="couponExpiring" title={t.auto_couponExpiring}>
          {days("couponExpiring.daysBefore", t.pgDaysBefore)}
        </Automation>
        <Automation {...props} name="birthday" title={t.auto_birthday} />
        <Automation {...props} name="winBack" title={t.auto_winBack}>
          {Array.from({ length: WIN_BACK_STEPS }, (_, i) => (
            <>
              {days(`winBack.steps.${i}.days`, fill(t.pgWinBackDays, { n: i + 1 }))}
              <TemplateSelect
                model={model}
                field={`automations.winBack.steps.${i}.templateId`}
                label={fill(t.pgWinBackTemplate, { n: i + 1 })}
                templates={templates}
              />
            </>
          ))}
        </Automation>
        <Automation {...props} name="pointsExpiry" title={t.auto_pointsExpiry}>
          {days("pointsExpiry.months", t.pgExpiryMonths)}
          <Field
            label={t.pgWarningDays}
            hint={t.pgWarningDaysHint}
            {...field("automations.pointsExpiry.warningDays")}
          />
        </Automation>
        <Automation {...props} name="tierWindow" title={t.auto_tierWindow}>
          {days("tierWindow.months", t.pgWindowMonths)}
          {days("tierWindow.graceDays", t.pgGraceDays)}
          {days("tierWindow.noticeDays", t.pgNoticeDays)}
        </Automation>
        <fieldset class="grid min-w-0 grid-cols-1 gap-3 rounded-lg border border-white/10 p-3 sm:grid-cols-2">
          <legend class="px-1 text-sm font-semibold">{t.pgSegmentsTitle}</legend>
          {SEGMENTS.map((segment) => (
            <div key={segment} class="flex min-w-0 flex-col gap-2">
              <Switch
                model={model}
                field={`automations.segmentEntered.${segment}.enabled`}
                label={segmentWord(t, segment)}
              />
              <TemplateSelect
                model={model}
                field={`automations.segmentEntered.${segment}.templateId`}
                label={t.pgAutoTemplate}
                templates={templates}
              />
            </div>
          ))}
        </fieldset>
      </div>
    </Panel>
  );
}

export function BudgetPanel({ model }: PanelProps) {
  const { t } = useHost();
  const field = useFieldProps(model);
  return (
    <Panel title={`${t.programTitle} · ${t.pgBudgetTitle}`} class="h-fit">
      <div class={grid}>
        <NumberField model={model} field="automations.budget.perWeek" label={t.pgPerWeek} />
        <NumberField model={model} field="automations.budget.perDay" label={t.pgPerDay} />
        <NumberField model={model} field="automations.budget.holdoutPercent" label={t.pgHoldout} />
        <Field
          label={t.pgQuietStart}
          hint={t.pgQuietHint}
          placeholder="21:00"
          {...field("automations.budget.quietStart")}
        />
        <Field label={t.pgQuietEnd} placeholder="09:00" {...field("automations.budget.quietEnd")} />
      </div>
    </Panel>
  );
}
