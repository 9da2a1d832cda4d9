import { useEffect } from "preact/hooks";
import type { TemplateCounts } from "../../../../protocol/coupons.js";
import { PERK_FLAGS } from "../../../../protocol/perks.js";
import type { ProgramModel } from "../../../models/program.js";
import type { DraftField, EarningField, TierDraft } from "../../../models/program-draft.js";
import type { TemplateAdminModel } from "../../../models/template-admin.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { Field, TextAreaField } from "../../parts/Field.js";
import { Panel } from "../../parts/Panel.js";
import { Switch, TemplateSelect, templateLabel, useFieldProps } from "./inputs.js";
import {
  AutomationsPanel,
  BudgetPanel,
  ChestPanel,
  MemberDaysPanel,
  MoneyPanel,
  ReferralsPanel,
  TriggersPanel,
} from "./RulesPanels.js";
import { rulesPreview } from "./rules-words.js";
import { programPreview } from "./words.js";

function TierFields(props: {
  model: ProgramModel;
  tier: TierDraft;
  index: number;
  templates: readonly TemplateCounts[];
}) {
  const { model, tier, index } = props;
  const { t, locale } = useHost();
  const field = useFieldProps(model);
  const at = (name: keyof TierDraft) => `tiers.${index}.${name}` as DraftField;
  const title = (locale.value === "en" ? tier.nameEn : tier.nameZh).trim() || tier.key;
  // every perk in sight, with a line free for the next one
  const rows = Math.max(3, tier.perksZh.split("\n").length + 1, tier.perksEn.split("\n").length + 1);
  return (
    <fieldset class="grid min-w-0 grid-cols-2 gap-3 rounded-lg border border-white/10 p-3 sm:grid-cols-4">
      <legend class="px-1 text-sm font-semibold">{title}</legend>
      <Field label={t.pgNameZh} maxLength={80} {...field(at("nameZh"))} />
      <Field label={t.pgNameEn} maxLength={80} {...field(at("nameEn"))} />
      <Field
        label={t.pgThreshold}
        hint={index === 0 ? t.pgFirstThresholdHint : t.pgThresholdHint}
        inputMode="numeric"
        {...field(at("threshold"))}
      />
      <Field label={t.pgMultiplier} hint={t.pgMultiplierHint} inputMode="decimal" {...field(at("multiplier"))} />
      <TextAreaField
        label={t.pgPerksZh}
        hint={t.pgPerksHint}
        rows={rows}
        class="col-span-2"
        {...field(at("perksZh"))}
      />
      <TextAreaField
        label={t.pgPerksEn}
        hint={t.pgPerksHint}
        rows={rows}
        class="col-span-2"
        {...field(at("perksEn"))}
      />
      <Field
        label={t.pgMemberPrice}
        hint={t.pgMemberPriceHint}
        inputMode="numeric"
        class="col-span-2"
        {...field(at("memberPricePercent"))}
      />
      <fieldset class="col-span-2 flex min-w-0 flex-col gap-1">
        <legend class="text-xs text-[var(--host-muted)]">{t.pgFlags}</legend>
        <div class="grid grid-cols-2 gap-x-3 gap-y-1">
          {PERK_FLAGS.map((flag) => (
            <Switch key={flag} model={model} field={`tiers.${index}.flags.${flag}`} label={t[`pgFlag_${flag}`]} />
          ))}
        </div>
        <span class="text-xs text-[var(--host-muted)]">{t.pgFlagsHint}</span>
      </fieldset>
      <TemplateSelect
        model={model}
        field={at("entryTemplateId")}
        label={t.pgEntryTemplate}
        templates={props.templates}
        class="col-span-2"
      />
      <label class="col-span-2 flex items-center gap-1.5 self-end text-sm text-[var(--host-ink)]">
        <input
          type="checkbox"
          class="h-4 w-4"
          checked={tier.announce}
          onChange={(event) => model.edit(at("announce"), event.currentTarget.checked)}
        />
        {t.pgAnnounce}
      </label>
    </fieldset>
  );
}

/**
 * The Program section: the tiers and the earning rules in one form, saved together, and beside
 * them the program in the words a viewer will read. A save made from a stale read is refused, and
 * the form keeps what was typed until the person reloads (which keeps it too).
 */
export function ProgramSection(props: { model: ProgramModel; templates: TemplateAdminModel }) {
  const { model } = props;
  const { t, locale, refusal } = useHost();
  const field = useFieldProps(model);
  useEffect(() => {
    void model.read();
    // the same list the Coupons section shows: a template made there is offered here
    if (props.templates.templates.peek() === null) void props.templates.load();
  }, [model, props.templates]);
  const templates = props.templates.templates.value ?? [];
  const coupon = (id: string) => {
    const template = templates.find((one) => one.id === id);
    return template ? templateLabel(template, locale.value, t.pgPausedTemplate) : t.pgUnknownTemplate;
  };
  const load = model.load.value;
  const draft = model.draft.value;
  const refused = model.refusal.value;

  if (!draft) {
    return (
      <Panel title={t.programTitle} class="h-fit w-full max-w-6xl">
        <p role={load.kind === "failed" ? "alert" : "status"} class="text-sm text-[var(--host-muted)]">
          {load.kind === "failed" ? refusal(load.code) : t.pgLoading}
        </p>
      </Panel>
    );
  }
  const earning = (name: EarningField) => field(`earning.${name}`);
  const panel = { model, templates };

  return (
    <form
      data-testid="program-section"
      class="grid w-full max-w-6xl gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]"
      onSubmit={(event) => {
        event.preventDefault();
        void model.save();
      }}
    >
      <div class="flex min-w-0 flex-col gap-4">
        <Panel title={`${t.programTitle} · ${t.pgTiersTitle}`} class="h-fit">
          <Switch model={model} field="automations.tierEntry.enabled" label={t.pgTierEntryOn} />
          {draft.tiers.map((tier, index) => (
            <TierFields key={tier.key} model={model} tier={tier} index={index} templates={templates} />
          ))}
        </Panel>
        <Panel title={`${t.programTitle} · ${t.pgEarningTitle}`} class="h-fit">
          <div class="grid grid-cols-2 gap-3 sm:grid-cols-3">
            <Field label={t.pgBlockMinutes} inputMode="decimal" {...earning("blockMinutes")} />
            <Field label={t.pgPointsPerBlock} inputMode="numeric" {...earning("pointsPerBlock")} />
            <Field label={t.pgDailyCap} hint={t.pgDailyCapHint} inputMode="numeric" {...earning("dailyCap")} />
            <Field
              label={t.pgOrderPoints}
              hint={t.pgOrderPointsHint}
              inputMode="numeric"
              {...earning("orderPointsPerYuan")}
            />
            <Field label={t.pgOrderGrowth} inputMode="numeric" {...earning("growthPerYuan")} />
          </div>
        </Panel>
        <ChestPanel {...panel} />
        <MemberDaysPanel {...panel} />
        <MoneyPanel {...panel} />
        <TriggersPanel {...panel} />
        <ReferralsPanel {...panel} />
        <AutomationsPanel {...panel} />
        <BudgetPanel {...panel} />
      </div>
      <div class="flex min-w-0 flex-col gap-4 lg:sticky lg:top-0 lg:self-start">
        <Panel title={t.pgPreviewTitle} class="h-fit">
          {/* the whole program reads longer than a laptop's screen: the list scrolls, the save stays in sight (px: the build rewrites rem, selectors included) */}
          <ul
            data-testid="program-preview"
            class="flex list-disc flex-col gap-1.5 pl-5 text-sm lg:max-h-[calc(100vh-224px)] lg:overflow-y-auto"
          >
            {[...programPreview(draft, t, locale.value, coupon), ...rulesPreview(draft, t, locale.value, coupon)].map(
              (line) => (
                <li key={line} class="[overflow-wrap:anywhere]">
                  {line}
                </li>
              ),
            )}
          </ul>
        </Panel>
        <div class="flex flex-col gap-2">
          {model.conflict.value && (
            <div role="alert" class="flex flex-col gap-2 rounded-lg border border-amber-300/40 bg-amber-300/10 p-3">
              <p class="text-sm">{t.pgConflict}</p>
              <div>
                <Button onClick={() => void model.reload()}>{t.pgReload}</Button>
              </div>
            </div>
          )}
          {refused && Object.keys(refused.fields).length === 0 && (
            <p role="alert" class="text-sm text-rose-200">
              {refusal(refused.code)}
            </p>
          )}
          {refused && Object.keys(refused.fields).length > 0 && (
            <p role="alert" class="text-sm text-rose-200">
              {refusal("bad_request")}
            </p>
          )}
          {model.saved.value && (
            <p role="status" class="text-sm text-emerald-200">
              {t.pgSaved}
            </p>
          )}
          <div>
            <Button type="submit" tone="accent" busy={model.saving.value}>
              {t.pgSave}
            </Button>
          </div>
        </div>
      </div>
    </form>
  );
}
