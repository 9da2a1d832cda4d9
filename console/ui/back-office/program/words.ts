import { fill, type HostLocale, type HostStrings } from "../../../i18n/index.js";
import { type DraftField, type ProgramDraft, typedNumber } from "../../../models/program-draft.js";

/** A coupon template's name as the person reads it, from its id. */
export type CouponName = (templateId: string) => string;

/** A number as the person reads it; what is not (yet) a number shows as an ellipsis. */
export const shown = (value: number | string, locale: HostLocale) =>
  typeof value === "number" ? value.toLocaleString(locale, { maximumFractionDigits: 2 }) : "…";

const lines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");

/** A member price as a viewer reads it: "5% off", or in Chinese the 折 it comes to (9.5 折); none when 0. */
function memberPriceWords(typed: string, t: HostStrings, locale: HostLocale): string[] {
  const percent = typedNumber(typed);
  if (percent === 0) return [];
  const zhe = typeof percent === "number" ? shown((100 - percent) / 10, locale) : "…";
  return [fill(t.pgPreviewMemberPrice, { percent: shown(percent, locale), zhe })];
}

/**
 * The program in words, as a viewer will meet it: each tier with its threshold, watch multiplier
 * and perks, then the watch and order rules. Computed from the draft, so it follows the typing.
 */
export function programPreview(
  draft: ProgramDraft,
  t: HostStrings,
  locale: HostLocale,
  coupon: CouponName = () => "…",
): string[] {
  const minutes = typedNumber(draft.earning.blockMinutes);
  const perBlock = typedNumber(draft.earning.pointsPerBlock);
  const tiers = draft.tiers.map((tier, i) => {
    const multiplier = typedNumber(tier.multiplier);
    // watch points are rounded per block, as the server credits them (server/domain/watch.ts)
    const points =
      typeof perBlock === "number" && typeof multiplier === "number" ? Math.round(perBlock * multiplier) : "…";
    const parts = [
      fill(t.pgPreviewMultiplier, {
        multiplier: shown(multiplier, locale),
        minutes: shown(minutes, locale),
        points: shown(points, locale),
      }),
      ...memberPriceWords(tier.memberPricePercent, t, locale),
      ...lines(locale === "en" ? tier.perksEn : tier.perksZh),
      ...(draft.automations.tierEntry.enabled && tier.entryTemplateId !== ""
        ? [fill(t.pgPreviewEntry, { coupon: coupon(tier.entryTemplateId) })]
        : []),
    ];
    const name = (locale === "en" ? tier.nameEn : tier.nameZh).trim() || "…";
    return fill(i === 0 ? t.pgPreviewFirst : t.pgPreviewTier, {
      name,
      threshold: shown(typedNumber(tier.threshold), locale),
      perks: parts.join(t.pgPreviewJoin),
    });
  });
  return [
    ...tiers,
    fill(t.pgPreviewWatch, {
      minutes: shown(minutes, locale),
      points: shown(perBlock, locale),
      cap: shown(typedNumber(draft.earning.dailyCap), locale),
    }),
    fill(t.pgPreviewOrder, {
      points: shown(typedNumber(draft.earning.orderPointsPerYuan), locale),
      growth: shown(typedNumber(draft.earning.growthPerYuan), locale),
    }),
  ];
}

const DAY_LIMITS: Record<string, number> = { leadDays: 365, afterDays: 30, daysBefore: 60, graceDays: 365 };

/** Why the server refused a field of the rules beyond the tiers and earning. */
function ruleErrorWord(t: HostStrings, field: DraftField): string {
  const parts = field.split(".");
  const name = parts.at(-1) ?? "";
  if (name === "templateId" || name === "entryTemplateId") return t.pgErr_template;
  if (field === "chest.everyMinutes") return t.pgErr_chestEvery;
  if (field === "chest.claimMinutes") return t.pgErr_chestClaim;
  if (field === "chest.points") return t.pgErr_pointsPerBlock;
  if (field === "memberDays.daysOfMonth") return t.pgErr_daysOfMonth;
  if (field === "memberDays.daysOfWeek") return t.pgErr_daysOfWeek;
  if (field === "memberDays.multiplier") return t.pgErr_multiplier;
  if (field === "money.pointsPerYuan") return t.pgErr_pointsPerYuan;
  if (field === "money.spendCapPercent") return t.pgErr_spendCap;
  if (field === "referrals.watchMinutes") return t.pgErr_refMinutes;
  if (field === "referrals.inviterPoints" || field === "referrals.inviteePoints") return t.pgErr_refPoints;
  if (field === "referrals.monthlyCap") return t.pgErr_refCap;
  if (field === "referrals.inviterTemplateId" || field === "referrals.inviteeTemplateId") return t.pgErr_template;
  if (parts[1] === "winBack") return t.pgErr_winBackDays;
  if (name === "warningDays") return t.pgErr_warningDays;
  if (name === "months") return t.pgErr_months;
  if (name === "noticeDays") return t.pgErr_noticeDays;
  if (name === "perWeek") return t.pgErr_perWeek;
  if (name === "perDay") return t.pgErr_perDay;
  if (name === "quietStart" || name === "quietEnd") return t.pgErr_quiet;
  if (name === "holdoutPercent") return t.pgErr_holdout;
  const max = DAY_LIMITS[name];
  return max === undefined ? t.pgErr_other : fill(t.pgErr_daysUpTo, { max });
}

/**
 * Why the server refused a field, in the person's language: the sentence says what the field
 * takes (the server's own message is in English and names the schema, not the form).
 */
export function fieldErrorWord(t: HostStrings, field: DraftField): string {
  const [part, index, name] = field.split(".");
  if (part !== "earning" && part !== "tiers") return ruleErrorWord(t, field);
  if (name === "entryTemplateId") return ruleErrorWord(t, field);
  if (part === "earning") {
    if (index === "blockMinutes") return t.pgErr_blockMinutes;
    if (index === "pointsPerBlock") return t.pgErr_pointsPerBlock;
    if (index === "dailyCap") return t.pgErr_dailyCap;
    return t.pgErr_perYuan;
  }
  if (name === "threshold") return index === "0" ? t.pgErr_firstThreshold : t.pgErr_threshold;
  if (name === "multiplier") return t.pgErr_multiplier;
  if (name === "memberPricePercent") return t.pgErr_memberPrice;
  if (name === "flags") return t.pgErr_other;
  if (name === "nameZh" || name === "nameEn") return t.pgErr_name;
  return t.pgErr_perks;
}
