import { fill, type HostLocale, type HostStrings } from "../../../i18n/index.js";
import { type AutomationsDraft, type ProgramDraft, typedList, typedNumber } from "../../../models/program-draft.js";
import { type CouponName, shown } from "./words.js";

/** a Sunday: the weekdays' names come from the locale, counted from it */
const SUNDAY = Date.UTC(2023, 0, 1, 12);

function weekdayName(day: number, locale: HostLocale): string {
  return new Intl.DateTimeFormat(locale, { weekday: locale === "en" ? "long" : "short", timeZone: "UTC" }).format(
    new Date(SUNDAY + day * 86_400_000),
  );
}

function ordinal(n: number, t: HostStrings, locale: HostLocale): string {
  const rule = new Intl.PluralRules(locale, { type: "ordinal" }).select(n);
  const word = { one: t.pgOrdinal_one, two: t.pgOrdinal_two, few: t.pgOrdinal_few }[rule as string];
  return fill(word ?? t.pgOrdinal_other, { n });
}

/** "1st and 18th", "1、18": a list in the person's language. */
function listed(items: string[], t: HostStrings, locale: HostLocale): string {
  return locale === "en"
    ? new Intl.ListFormat("en", { type: "conjunction" }).format(items)
    : items.join(t.pgPreviewJoin);
}

function memberDaysLine(draft: ProgramDraft, t: HostStrings, locale: HostLocale): string {
  const month = typedList(draft.memberDays.daysOfMonth).map((day) =>
    typeof day === "number" ? ordinal(day, t, locale) : "…",
  );
  const week = draft.memberDays.daysOfWeek.flatMap((on, day) => (on ? [weekdayName(day, locale)] : []));
  if (month.length === 0 && week.length === 0) return t.pgPreviewNoMemberDays;
  const days = [
    ...(month.length > 0 ? [fill(t.pgPreviewMonthDays, { days: listed(month, t, locale) })] : []),
    ...(week.length > 0 ? [fill(t.pgPreviewWeekDays, { days: listed(week, t, locale) })] : []),
  ].join(t.pgPreviewDaysOr);
  return fill(t.pgPreviewMemberDays, { days, multiplier: shown(typedNumber(draft.memberDays.multiplier), locale) });
}

/** The automations that are on, each with its coupon when it sends one. */
function betweenLivesLine(a: AutomationsDraft, t: HostStrings, locale: HostLocale, coupon: CouponName): string | null {
  const named = (name: string, templateId: string) =>
    templateId === "" ? name : fill(t.pgPreviewWithCoupon, { name, coupon: coupon(templateId) });
  const winBackCoupon = a.winBack.steps.find((step) => step.templateId !== "")?.templateId ?? "";
  const on = [
    a.replenish.enabled && named(t.auto_replenish, a.replenish.templateId),
    a.firstOrder.enabled && named(t.auto_firstOrder, a.firstOrder.templateId),
    a.couponExpiring.enabled && named(t.auto_couponExpiring, a.couponExpiring.templateId),
    a.winBack.enabled && named(t.auto_winBack, winBackCoupon),
    a.pointsExpiry.enabled && named(t.auto_pointsExpiry, a.pointsExpiry.templateId),
    a.tierWindow.enabled && named(t.auto_tierWindow, a.tierWindow.templateId),
    a.birthday.enabled && named(t.auto_birthday, a.birthday.templateId),
    Object.values(a.segmentEntered).some((segment) => segment.enabled) && t.auto_segmentEntered,
  ].filter((item): item is string => typeof item === "string");
  return on.length === 0 ? null : fill(t.pgPreviewBetween, { list: listed(on, t, locale) });
}

function budgetLine(a: AutomationsDraft, t: HostStrings, locale: HostLocale): string {
  const { perWeek, perDay, quietStart, quietEnd } = a.budget;
  const counts = { week: shown(typedNumber(perWeek), locale), day: shown(typedNumber(perDay), locale) };
  return quietStart.trim() === "" && quietEnd.trim() === ""
    ? fill(t.pgPreviewBudgetAnyHour, counts)
    : fill(t.pgPreviewBudget, { ...counts, start: quietStart.trim() || "…", end: quietEnd.trim() || "…" });
}

/**
 * The rest of the program in words, after the tiers and earning: the chest, member days, points as
 * money, the coupons the repurchase triggers give, and what may reach a viewer between lives.
 */
function referralsLine(draft: ProgramDraft, t: HostStrings, locale: HostLocale, coupon: CouponName): string | null {
  const r = draft.referrals;
  if (!r.enabled) return null;
  const how =
    r.action === "watch"
      ? fill(t.pgPreviewRefWatch, { minutes: shown(typedNumber(r.watchMinutes), locale) })
      : t.pgPreviewRefOrder;
  const cap = shown(typedNumber(r.monthlyCap), locale);
  const what =
    r.reward === "coupon"
      ? fill(t.pgPreviewRefCoupons, {
          inviter: r.inviterTemplateId ? coupon(r.inviterTemplateId) : "…",
          invitee: r.inviteeTemplateId ? coupon(r.inviteeTemplateId) : "…",
          cap,
        })
      : fill(t.pgPreviewRefPoints, {
          inviter: shown(typedNumber(r.inviterPoints), locale),
          invitee: shown(typedNumber(r.inviteePoints), locale),
          cap,
        });
  return `${how}${what}`;
}

export function rulesPreview(draft: ProgramDraft, t: HostStrings, locale: HostLocale, coupon: CouponName): string[] {
  const { chest, money, repurchase } = draft;
  const a = draft.automations;
  const lines = [
    fill(t.pgPreviewChest, {
      every: shown(typedNumber(chest.everyMinutes), locale),
      claim: shown(typedNumber(chest.claimMinutes), locale),
      points: shown(typedNumber(chest.points), locale),
    }),
    memberDaysLine(draft, t, locale),
    fill(t.pgPreviewMoney, {
      points: shown(typedNumber(money.pointsPerYuan), locale),
      cap: shown(typedNumber(money.spendCapPercent), locale),
    }),
  ];
  if (repurchase.firstOrderTemplateId !== "") {
    lines.push(fill(t.pgPreviewFirstOrder, { coupon: coupon(repurchase.firstOrderTemplateId) }));
  }
  if (repurchase.birthdayTemplateId !== "") {
    lines.push(fill(t.pgPreviewBirthday, { coupon: coupon(repurchase.birthdayTemplateId) }));
  }
  if (repurchase.nudgeTemplateId !== "") {
    lines.push(fill(t.pgPreviewNudge, { coupon: coupon(repurchase.nudgeTemplateId) }));
  }
  const between = betweenLivesLine(a, t, locale, coupon);
  if (between) lines.push(between, budgetLine(a, t, locale));
  const referrals = referralsLine(draft, t, locale, coupon);
  if (referrals) lines.push(referrals);
  return lines;
}
