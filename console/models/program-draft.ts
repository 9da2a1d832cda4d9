import type { ShopConfig, TierConfig } from "../../protocol/config.js";
import type { AutomationsConfig } from "../../protocol/lifecycle.js";
import { PERK_FLAGS, type PerkFlag } from "../../protocol/perks.js";
import { SEGMENTS, type Segment } from "../../protocol/segments.js";

/*
 * The Program forms hold what a person typed, as typed: strings (and booleans for switches).
 * These pure functions turn the config into that draft and the draft into a merge patch;
 * program-fields.ts turns the server's field paths back into the draft's fields, so each refusal
 * shows beside the field it is about.
 */

export { draftFieldOf, fieldsOf } from "./program-fields.js";

export interface TierDraft {
  /** the tier's stable key: offers' tier gates name it, so the form never changes it */
  key: string;
  nameZh: string;
  nameEn: string;
  threshold: string;
  multiplier: string;
  /** one perk a line; line n in Chinese and line n in English are the same perk */
  perksZh: string;
  perksEn: string;
  /** the member price, percent off every order at this tier; "0" for none */
  memberPricePercent: string;
  /** the perks fulfilment acts on, ticked */
  flags: Record<PerkFlag, boolean>;
  /** the coupon template granted on reaching the tier (automations.tierEntry); "" for none */
  entryTemplateId: string;
  /** its viewers get an entrance line in the room when they join (room.entranceTiers) */
  announce: boolean;
}

export interface EarningDraft {
  blockMinutes: string;
  pointsPerBlock: string;
  dailyCap: string;
  orderPointsPerYuan: string;
  growthPerYuan: string;
}

/** The attention chest, in minutes: a person does not count a quarter of an hour in seconds. */
export interface ChestDraft {
  everyMinutes: string;
  claimMinutes: string;
  points: string;
}

export interface MemberDaysDraft {
  /** typed as a list, "1, 18" */
  daysOfMonth: string;
  /** Sunday (0) to Saturday (6), ticked */
  daysOfWeek: boolean[];
  multiplier: string;
}

export interface MoneyDraft {
  pointsPerYuan: string;
  spendCapPercent: string;
}

/** Template ids, "" for none. */
export interface RepurchaseDraft {
  firstOrderTemplateId: string;
  birthdayTemplateId: string;
  nudgeTemplateId: string;
}

export interface SwitchDraft {
  enabled: boolean;
  templateId: string;
}

export interface AutomationsDraft {
  replenish: SwitchDraft & { leadDays: string };
  firstOrder: SwitchDraft & { afterDays: string };
  couponExpiring: SwitchDraft & { daysBefore: string };
  /** always WIN_BACK_STEPS rows; trailing empty rows are left out of the patch */
  winBack: { enabled: boolean; steps: { days: string; templateId: string }[] };
  /** warning days typed as a list, "30, 3" */
  pointsExpiry: SwitchDraft & { months: string; warningDays: string };
  tierWindow: SwitchDraft & { months: string; graceDays: string; noticeDays: string };
  /** the templates are each tier's `entryTemplateId` */
  tierEntry: { enabled: boolean };
  birthday: SwitchDraft;
  segmentEntered: Record<Segment, SwitchDraft>;
  /** the contact budget; quiet hours both empty for none */
  budget: { perWeek: string; perDay: string; quietStart: string; quietEnd: string; holdoutPercent: string };
}

/** Invite links: on/off, what the invitee must do, what both get, the inviter's monthly cap. */
export interface ReferralsDraft {
  enabled: boolean;
  /** "watch" or "first_order" */
  action: string;
  watchMinutes: string;
  /** "points" or "coupon" */
  reward: string;
  inviterPoints: string;
  inviteePoints: string;
  inviterTemplateId: string;
  inviteeTemplateId: string;
  monthlyCap: string;
}

export interface ProgramDraft {
  tiers: TierDraft[];
  earning: EarningDraft;
  chest: ChestDraft;
  memberDays: MemberDaysDraft;
  money: MoneyDraft;
  repurchase: RepurchaseDraft;
  automations: AutomationsDraft;
  referrals: ReferralsDraft;
}

export type TierField = Exclude<keyof TierDraft, "key" | "flags">;
export type EarningField = keyof EarningDraft;
/**
 * A field of the draft, by its path: `tiers.1.threshold`, `earning.dailyCap`,
 * `memberDays.daysOfWeek.6`, `automations.winBack.steps.0.days`.
 */
export type DraftField =
  | `tiers.${number}.${TierField}`
  | `tiers.${number}.flags.${PerkFlag}`
  | `earning.${EarningField}`
  | `chest.${keyof ChestDraft}`
  | `memberDays.${keyof MemberDaysDraft}`
  | `memberDays.daysOfWeek.${number}`
  | `money.${keyof MoneyDraft}`
  | `repurchase.${keyof RepurchaseDraft}`
  | `referrals.${keyof ReferralsDraft}`
  | `automations.${string}`;
export type DraftValue = string | boolean;

export const TIER_FIELDS: readonly TierField[] = [
  "nameZh",
  "nameEn",
  "threshold",
  "multiplier",
  "perksZh",
  "perksEn",
  "memberPricePercent",
  "entryTemplateId",
];
export const EARNING_FIELDS: readonly EarningField[] = [
  "blockMinutes",
  "pointsPerBlock",
  "dailyCap",
  "orderPointsPerYuan",
  "growthPerYuan",
];
/** the most win-back steps the config takes */
export const WIN_BACK_STEPS = 3;

/** The parts of the config the Program section edits. */
export type ProgramConfig = Pick<
  ShopConfig,
  | "tiers"
  | "watch"
  | "orderPointsPerYuan"
  | "growthPerYuan"
  | "chest"
  | "memberDays"
  | "pointsPerYuan"
  | "pointsSpendCapPercent"
  | "repurchase"
  | "automations"
  | "room"
  | "referrals"
>;

const minutesOf = (seconds: number) => String(Math.round((seconds / 60) * 100) / 100);
const listOf = (numbers: readonly number[]) => numbers.join(", ");
const idOf = (templateId: string | null | undefined) => templateId ?? "";
const switchOf = (part: { enabled: boolean; templateId: string | null }): SwitchDraft => ({
  enabled: part.enabled,
  templateId: idOf(part.templateId),
});

function automationsDraft(config: AutomationsConfig): AutomationsDraft {
  const { replenish, firstOrder, couponExpiring, winBack, pointsExpiry, tierWindow, budget } = config;
  return {
    replenish: { ...switchOf(replenish), leadDays: String(replenish.leadDays) },
    firstOrder: { ...switchOf(firstOrder), afterDays: String(firstOrder.afterDays) },
    couponExpiring: { ...switchOf(couponExpiring), daysBefore: String(couponExpiring.daysBefore) },
    winBack: {
      enabled: winBack.enabled,
      steps: Array.from({ length: WIN_BACK_STEPS }, (_, i) => {
        const step = winBack.steps[i];
        return { days: step ? String(step.days) : "", templateId: idOf(step?.templateId) };
      }),
    },
    pointsExpiry: {
      ...switchOf(pointsExpiry),
      months: String(pointsExpiry.months),
      warningDays: listOf(pointsExpiry.warningDays),
    },
    tierWindow: {
      ...switchOf(tierWindow),
      months: String(tierWindow.months),
      graceDays: String(tierWindow.graceDays),
      noticeDays: String(tierWindow.noticeDays),
    },
    tierEntry: { enabled: config.tierEntry.enabled },
    birthday: switchOf(config.birthday),
    segmentEntered: Object.fromEntries(
      SEGMENTS.map((segment) => {
        const part = config.segmentEntered.segments[segment];
        return [segment, part ? switchOf(part) : { enabled: false, templateId: "" }];
      }),
    ) as Record<Segment, SwitchDraft>,
    budget: {
      perWeek: String(budget.perWeek),
      perDay: String(budget.perDay),
      quietStart: budget.quietHours?.start ?? "",
      quietEnd: budget.quietHours?.end ?? "",
      holdoutPercent: String(budget.holdoutPercent),
    },
  };
}

export function toDraft(config: ProgramConfig): ProgramDraft {
  return {
    tiers: config.tiers.map((tier, index) => ({
      key: tier.key,
      nameZh: tier.name["zh-CN"],
      nameEn: tier.name.en,
      threshold: String(tier.threshold),
      multiplier: String(tier.multiplier),
      perksZh: tier.perks.map((perk) => perk["zh-CN"]).join("\n"),
      perksEn: tier.perks.map((perk) => perk.en).join("\n"),
      memberPricePercent: String(tier.memberPricePercent),
      flags: Object.fromEntries(PERK_FLAGS.map((flag) => [flag, tier.flags.includes(flag)])) as Record<
        PerkFlag,
        boolean
      >,
      entryTemplateId: idOf(config.automations.tierEntry.templates[tier.key]),
      // none chosen: the top tier is announced (as the server reads null)
      announce:
        config.room.entranceTiers === null
          ? index === config.tiers.length - 1 && index > 0
          : config.room.entranceTiers.includes(tier.key),
    })),
    earning: {
      blockMinutes: String(config.watch.blockSeconds / 60),
      pointsPerBlock: String(config.watch.pointsPerBlock),
      dailyCap: String(config.watch.dailyCap),
      orderPointsPerYuan: String(config.orderPointsPerYuan),
      growthPerYuan: String(config.growthPerYuan),
    },
    chest: {
      everyMinutes: minutesOf(config.chest.everySeconds),
      claimMinutes: minutesOf(config.chest.claimSeconds),
      points: String(config.chest.points),
    },
    memberDays: {
      daysOfMonth: listOf(config.memberDays.daysOfMonth),
      daysOfWeek: Array.from({ length: 7 }, (_, day) => config.memberDays.daysOfWeek.includes(day)),
      multiplier: String(config.memberDays.multiplier),
    },
    money: {
      pointsPerYuan: String(config.pointsPerYuan),
      spendCapPercent: String(config.pointsSpendCapPercent),
    },
    repurchase: {
      firstOrderTemplateId: idOf(config.repurchase.firstOrderTemplateId),
      birthdayTemplateId: idOf(config.repurchase.birthdayTemplateId),
      nudgeTemplateId: idOf(config.repurchase.nudgeTemplateId),
    },
    automations: automationsDraft(config.automations),
    referrals: {
      enabled: config.referrals.enabled,
      action: config.referrals.action,
      watchMinutes: String(config.referrals.watchMinutes),
      reward: config.referrals.reward,
      inviterPoints: String(config.referrals.inviterPoints),
      inviteePoints: String(config.referrals.inviteePoints),
      inviterTemplateId: idOf(config.referrals.inviterTemplateId),
      inviteeTemplateId: idOf(config.referrals.inviteeTemplateId),
      monthlyCap: String(config.referrals.monthlyCap),
    },
  };
}

/**
 * A number if what was typed is one; otherwise the text itself, so the server's own validation
 * refuses it and names the field (the form has no second set of rules to drift from the server's).
 */
export function typedNumber(text: string): number | string {
  const trimmed = text.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : text;
}

/** Minutes typed, as the seconds the config keeps; what is not a number goes as typed. */
function typedSeconds(minutes: string): number | string {
  const typed = typedNumber(minutes);
  return typeof typed === "number" ? Math.round(typed * 60) : typed;
}

/**
 * A typed list of numbers ("1, 18", "1，18", "1 18"), in the order typed, each once. An item that
 * is not a number goes as typed, so the server refuses the list by the item's place.
 */
export function typedList(text: string): (number | string)[] {
  const items = text
    .split(/[\s,，、;；]+/)
    .filter((item) => item !== "")
    .map(typedNumber);
  return items.filter((item, i) => typeof item === "string" || items.indexOf(item) === i);
}

/** A template picked, or null for none: a merge patch's null removes the key, which reads as none. */
const templateOf = (id: string) => (id === "" ? null : id);

const lines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");

function perksOf(tier: TierDraft): TierConfig["perks"] {
  const zh = lines(tier.perksZh);
  const en = lines(tier.perksEn);
  // a perk missing in one language goes as empty, and the server refuses it by its line
  return Array.from({ length: Math.max(zh.length, en.length) }, (_, i) => ({ "zh-CN": zh[i] ?? "", en: en[i] ?? "" }));
}

function winBackSteps(steps: AutomationsDraft["winBack"]["steps"]) {
  const kept = [...steps];
  // rows left empty at the end are steps not used; an empty row between two is sent and refused by its place
  while (kept.length > 0 && kept.at(-1)?.days.trim() === "" && kept.at(-1)?.templateId === "") kept.pop();
  return kept.map((step) => ({ days: typedNumber(step.days), templateId: templateOf(step.templateId) }));
}

function automationsPatch(draft: ProgramDraft, base: ProgramConfig): Record<string, unknown> {
  const a = draft.automations;
  const plain = (part: SwitchDraft) => ({ enabled: part.enabled, templateId: templateOf(part.templateId) });
  const tierKeys = new Set(draft.tiers.map((tier) => tier.key));
  const templates: Record<string, string | null> = {};
  // a key of a tier no longer in the program is removed with the rest
  for (const key of Object.keys(base.automations.tierEntry.templates)) if (!tierKeys.has(key)) templates[key] = null;
  for (const tier of draft.tiers) templates[tier.key] = templateOf(tier.entryTemplateId);
  const segments: Record<string, unknown> = {};
  for (const segment of SEGMENTS) {
    const part = a.segmentEntered[segment];
    const used = part.enabled || part.templateId !== "" || base.automations.segmentEntered.segments[segment];
    // a segment never switched on stays out of the config, as "sends nothing"
    segments[segment] = used ? plain(part) : null;
  }
  const quiet = { start: a.budget.quietStart.trim(), end: a.budget.quietEnd.trim() };
  return {
    replenish: { ...plain(a.replenish), leadDays: typedNumber(a.replenish.leadDays) },
    firstOrder: { ...plain(a.firstOrder), afterDays: typedNumber(a.firstOrder.afterDays) },
    couponExpiring: { ...plain(a.couponExpiring), daysBefore: typedNumber(a.couponExpiring.daysBefore) },
    winBack: { enabled: a.winBack.enabled, steps: winBackSteps(a.winBack.steps) },
    pointsExpiry: {
      ...plain(a.pointsExpiry),
      months: typedNumber(a.pointsExpiry.months),
      warningDays: typedList(a.pointsExpiry.warningDays),
    },
    tierWindow: {
      ...plain(a.tierWindow),
      months: typedNumber(a.tierWindow.months),
      graceDays: typedNumber(a.tierWindow.graceDays),
      noticeDays: typedNumber(a.tierWindow.noticeDays),
    },
    tierEntry: { enabled: a.tierEntry.enabled, templates },
    birthday: plain(a.birthday),
    segmentEntered: { segments },
    budget: {
      perWeek: typedNumber(a.budget.perWeek),
      perDay: typedNumber(a.budget.perDay),
      // both empty: at any hour; one of them empty goes as typed and is refused beside it
      quietHours: quiet.start === "" && quiet.end === "" ? null : quiet,
      holdoutPercent: typedNumber(a.budget.holdoutPercent),
    },
  };
}

/** The tiers ticked for entrance lines; left as "the top tier" (null) while that is still what is ticked. */
function entranceTiersOf(draft: ProgramDraft, base: ProgramConfig): string[] | null {
  const keys = draft.tiers.filter((tier) => tier.announce).map((tier) => tier.key);
  const topOnly = draft.tiers.length > 1 && keys.length === 1 && keys[0] === draft.tiers.at(-1)?.key;
  return base.room.entranceTiers === null && topOnly ? null : keys;
}

/** The merge patch that makes the config say what the draft says. */
export function toPatch(draft: ProgramDraft, base: ProgramConfig): Record<string, unknown> {
  return {
    tiers: draft.tiers.map((tier) => ({
      key: tier.key,
      name: { "zh-CN": tier.nameZh.trim(), en: tier.nameEn.trim() },
      threshold: typedNumber(tier.threshold),
      multiplier: typedNumber(tier.multiplier),
      perks: perksOf(tier),
      memberPricePercent: typedNumber(tier.memberPricePercent),
      flags: PERK_FLAGS.filter((flag) => tier.flags[flag]),
    })),
    room: { ...base.room, entranceTiers: entranceTiersOf(draft, base) },
    watch: {
      ...base.watch,
      blockSeconds: typedSeconds(draft.earning.blockMinutes),
      pointsPerBlock: typedNumber(draft.earning.pointsPerBlock),
      dailyCap: typedNumber(draft.earning.dailyCap),
    },
    orderPointsPerYuan: typedNumber(draft.earning.orderPointsPerYuan),
    growthPerYuan: typedNumber(draft.earning.growthPerYuan),
    chest: {
      everySeconds: typedSeconds(draft.chest.everyMinutes),
      claimSeconds: typedSeconds(draft.chest.claimMinutes),
      points: typedNumber(draft.chest.points),
    },
    memberDays: {
      daysOfMonth: typedList(draft.memberDays.daysOfMonth),
      daysOfWeek: draft.memberDays.daysOfWeek.flatMap((on, day) => (on ? [day] : [])),
      multiplier: typedNumber(draft.memberDays.multiplier),
    },
    pointsPerYuan: typedNumber(draft.money.pointsPerYuan),
    pointsSpendCapPercent: typedNumber(draft.money.spendCapPercent),
    repurchase: {
      firstOrderTemplateId: templateOf(draft.repurchase.firstOrderTemplateId),
      birthdayTemplateId: templateOf(draft.repurchase.birthdayTemplateId),
      nudgeTemplateId: templateOf(draft.repurchase.nudgeTemplateId),
    },
    automations: automationsPatch(draft, base),
    referrals: {
      enabled: draft.referrals.enabled,
      action: draft.referrals.action,
      watchMinutes: typedNumber(draft.referrals.watchMinutes),
      reward: draft.referrals.reward,
      inviterPoints: typedNumber(draft.referrals.inviterPoints),
      inviteePoints: typedNumber(draft.referrals.inviteePoints),
      inviterTemplateId: templateOf(draft.referrals.inviterTemplateId),
      inviteeTemplateId: templateOf(draft.referrals.inviteeTemplateId),
      monthlyCap: typedNumber(draft.referrals.monthlyCap),
    },
  };
}

type Tree = Record<string, unknown> | unknown[];
const isTree = (value: unknown): value is Tree => typeof value === "object" && value !== null;

/** Reads one field of the draft; a path that names no field reads as "". */
export function readField(draft: ProgramDraft, field: DraftField): DraftValue {
  let at: unknown = draft;
  for (const part of field.split(".")) at = isTree(at) ? (at as Record<string, unknown>)[part] : undefined;
  return typeof at === "string" || typeof at === "boolean" ? at : "";
}

function setAt(tree: unknown, parts: string[], value: DraftValue): unknown {
  const [head, ...rest] = parts;
  if (head === undefined) return value;
  if (!isTree(tree) || !(head in tree)) return tree;
  const copy: Tree = Array.isArray(tree) ? [...tree] : { ...tree };
  (copy as Record<string, unknown>)[head] = setAt((tree as Record<string, unknown>)[head], rest, value);
  return copy;
}

/** The draft with one field set; a path that names no field changes nothing. */
export function withField(draft: ProgramDraft, field: DraftField, value: DraftValue): ProgramDraft {
  return setAt(draft, field.split("."), value) as ProgramDraft;
}

/** Every field of the draft, by its path (a tier's key is not a field). */
export function draftFields(draft: ProgramDraft): DraftField[] {
  const out: string[] = [];
  const walk = (tree: unknown, path: string[]) => {
    if (!isTree(tree)) {
      if (path.at(-1) !== "key") out.push(path.join("."));
      return;
    }
    for (const [key, value] of Object.entries(tree)) walk(value, [...path, key]);
  };
  walk(draft, []);
  return out as DraftField[];
}

/**
 * The config read again after someone else changed it, with what this person typed on top: a
 * field they changed keeps their text, every other field takes the new value.
 */
export function rebase(typed: ProgramDraft, readBefore: ProgramDraft, readNow: ProgramDraft): ProgramDraft {
  let next = readNow;
  for (const field of draftFields(typed)) {
    const tier = /^tiers\.(\d+)\./.exec(field);
    if (tier) {
      const i = Number(tier[1]);
      const key = readNow.tiers[i]?.key;
      // a tier is matched by its key: if the tiers were reordered or replaced, nothing is carried over
      if (key === undefined || typed.tiers[i]?.key !== key || readBefore.tiers[i]?.key !== key) continue;
    }
    const mine = readField(typed, field);
    if (mine !== readField(readBefore, field)) next = withField(next, field, mine);
  }
  return next;
}
