import type { FieldError } from "../../protocol/http.js";
import { PERK_FLAGS } from "../../protocol/perks.js";
import type { DraftField, EarningField, TierField } from "./program-draft.js";

/*
 * The server names a refused value by its place in the config (`chest.everySeconds`,
 * `automations.winBack.steps.1.days`); the form shows it beside the field that holds it.
 */

const EARNING_PATHS: Record<string, EarningField> = {
  "watch.blockSeconds": "blockMinutes",
  "watch.pointsPerBlock": "pointsPerBlock",
  "watch.dailyCap": "dailyCap",
  orderPointsPerYuan: "orderPointsPerYuan",
  growthPerYuan: "growthPerYuan",
};

/** Config paths the draft holds under another name, by their start. */
const RENAMED: [RegExp, (match: RegExpExecArray) => DraftField][] = [
  [/^chest\.everySeconds/, () => "chest.everyMinutes"],
  [/^chest\.claimSeconds/, () => "chest.claimMinutes"],
  [/^chest\.points/, () => "chest.points"],
  // a list is one field, whichever item of it was refused
  [/^memberDays\.(daysOfMonth|daysOfWeek|multiplier)/, (m) => `memberDays.${m[1] as "daysOfMonth"}`],
  [/^pointsPerYuan/, () => "money.pointsPerYuan"],
  [/^pointsSpendCapPercent/, () => "money.spendCapPercent"],
  [
    /^repurchase\.(firstOrderTemplateId|birthdayTemplateId|nudgeTemplateId)/,
    (m) => `repurchase.${m[1] as "nudgeTemplateId"}`,
  ],
  [
    /^referrals\.(enabled|action|watchMinutes|reward|inviterPoints|inviteePoints|inviterTemplateId|inviteeTemplateId|monthlyCap)/,
    (m) => `referrals.${m[1] as "action"}`,
  ],
  [/^automations\.winBack\.steps\.(\d+)\.(days|templateId)/, (m) => `automations.winBack.steps.${m[1]}.${m[2]}`],
  // the whole list refused (no step at all): the first step's days are where to type one
  [/^automations\.winBack\.steps$/, () => "automations.winBack.steps.0.days"],
  [/^automations\.pointsExpiry\.warningDays/, () => "automations.pointsExpiry.warningDays"],
  [
    /^automations\.segmentEntered\.segments\.(\w+)\.(enabled|templateId)/,
    (m) => `automations.segmentEntered.${m[1]}.${m[2]}`,
  ],
  [
    /^automations\.budget\.quietHours\.(start|end)/,
    (m) => (m[1] === "end" ? "automations.budget.quietEnd" : "automations.budget.quietStart"),
  ],
  [/^automations\.budget\.quietHours$/, () => "automations.budget.quietStart"],
  [/^automations\.budget\.(perWeek|perDay|holdoutPercent)/, (m) => `automations.budget.${m[1]}`],
  [/^automations\.tierEntry\.enabled/, () => "automations.tierEntry.enabled"],
  [
    /^automations\.(replenish|firstOrder|couponExpiring|pointsExpiry|tierWindow|birthday)\.(enabled|templateId|leadDays|afterDays|daysBefore|months|graceDays|noticeDays)$/,
    (m) => `automations.${m[1]}.${m[2]}`,
  ],
];

function tierFieldOf(bare: string, tierKeys: readonly string[]): DraftField | null {
  const entry = /^automations\.tierEntry\.templates\.([^.]+)$/.exec(bare);
  if (entry) {
    const index = tierKeys.indexOf(entry[1] ?? "");
    return index < 0 ? null : `tiers.${index}.entryTemplateId`;
  }
  const flags = /^tiers\.(\d+)\.flags/.exec(bare);
  // a refused list of flags is shown beside its first box
  if (flags) return `tiers.${Number(flags[1])}.flags.${PERK_FLAGS[0]}`;
  const tier = /^tiers\.(\d+)\.(name|threshold|multiplier|perks|memberPricePercent)(?:\.(?:\d+\.)?(zh-CN|en))?/.exec(
    bare,
  );
  if (!tier) return null;
  const [, index, part, locale] = tier;
  const field: TierField =
    part === "name"
      ? locale === "en"
        ? "nameEn"
        : "nameZh"
      : part === "perks"
        ? locale === "en"
          ? "perksEn"
          : "perksZh"
        : (part as "threshold" | "multiplier" | "memberPricePercent");
  return `tiers.${Number(index)}.${field}`;
}

/**
 * The draft field a server's field path is about, or null when it is about none of them.
 * `tierKeys` (the draft's tiers, in order) place a tier's entry reward, which the config keys by tier.
 */
export function draftFieldOf(path: string, tierKeys: readonly string[] = []): DraftField | null {
  const bare = path.replace(/^body\./, "");
  const earning = EARNING_PATHS[bare];
  if (earning) return `earning.${earning}`;
  for (const [pattern, field] of RENAMED) {
    const match = pattern.exec(bare);
    if (match) return field(match);
  }
  return tierFieldOf(bare, tierKeys);
}

/** The server's field errors by draft field; the ones about no field are left out (the form says those whole). */
export function fieldsOf(
  errors: readonly FieldError[],
  tierKeys: readonly string[] = [],
): Partial<Record<DraftField, string>> {
  const out: Partial<Record<DraftField, string>> = {};
  for (const error of errors) {
    const field = draftFieldOf(error.path, tierKeys);
    if (field && out[field] === undefined) out[field] = error.message;
  }
  return out;
}
