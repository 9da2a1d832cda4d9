import type { ShopConfig, TierConfig } from "../../protocol/config.js";
import type { FieldError } from "../../protocol/http.js";

/*
 * The Program forms hold what a person typed, as typed: strings. These pure functions turn the
 * config into that draft, the draft into a merge patch, and the server's field paths back into the
 * draft's field names, so each refusal shows beside the field it is about.
 */

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
}

export interface EarningDraft {
  blockMinutes: string;
  pointsPerBlock: string;
  dailyCap: string;
  orderPointsPerYuan: string;
  growthPerYuan: string;
}

export interface ProgramDraft {
  tiers: TierDraft[];
  earning: EarningDraft;
}

export type TierField = Exclude<keyof TierDraft, "key">;
export type EarningField = keyof EarningDraft;
/** A field of the draft: `tiers.1.threshold`, `earning.dailyCap`. */
export type DraftField = `tiers.${number}.${TierField}` | `earning.${EarningField}`;

export const TIER_FIELDS: readonly TierField[] = ["nameZh", "nameEn", "threshold", "multiplier", "perksZh", "perksEn"];
export const EARNING_FIELDS: readonly EarningField[] = [
  "blockMinutes",
  "pointsPerBlock",
  "dailyCap",
  "orderPointsPerYuan",
  "growthPerYuan",
];

/** The parts of the config the Program section edits. */
export type ProgramConfig = Pick<ShopConfig, "tiers" | "watch" | "orderPointsPerYuan" | "growthPerYuan">;

export function toDraft(config: ProgramConfig): ProgramDraft {
  return {
    tiers: config.tiers.map((tier) => ({
      key: tier.key,
      nameZh: tier.name["zh-CN"],
      nameEn: tier.name.en,
      threshold: String(tier.threshold),
      multiplier: String(tier.multiplier),
      perksZh: tier.perks.map((perk) => perk["zh-CN"]).join("\n"),
      perksEn: tier.perks.map((perk) => perk.en).join("\n"),
    })),
    earning: {
      blockMinutes: String(config.watch.blockSeconds / 60),
      pointsPerBlock: String(config.watch.pointsPerBlock),
      dailyCap: String(config.watch.dailyCap),
      orderPointsPerYuan: String(config.orderPointsPerYuan),
      growthPerYuan: String(config.growthPerYuan),
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

/** The merge patch that makes the config say what the draft says. */
export function toPatch(draft: ProgramDraft, base: ProgramConfig): Record<string, unknown> {
  const minutes = typedNumber(draft.earning.blockMinutes);
  return {
    tiers: draft.tiers.map((tier) => ({
      key: tier.key,
      name: { "zh-CN": tier.nameZh.trim(), en: tier.nameEn.trim() },
      threshold: typedNumber(tier.threshold),
      multiplier: typedNumber(tier.multiplier),
      perks: perksOf(tier),
    })),
    watch: {
      ...base.watch,
      blockSeconds: typeof minutes === "number" ? Math.round(minutes * 60) : minutes,
      pointsPerBlock: typedNumber(draft.earning.pointsPerBlock),
      dailyCap: typedNumber(draft.earning.dailyCap),
    },
    orderPointsPerYuan: typedNumber(draft.earning.orderPointsPerYuan),
    growthPerYuan: typedNumber(draft.earning.growthPerYuan),
  };
}

const EARNING_PATHS: Record<string, EarningField> = {
  "watch.blockSeconds": "blockMinutes",
  "watch.pointsPerBlock": "pointsPerBlock",
  "watch.dailyCap": "dailyCap",
  orderPointsPerYuan: "orderPointsPerYuan",
  growthPerYuan: "growthPerYuan",
};

/** The draft field a server's field path is about, or null when it is about none of them. */
export function draftFieldOf(path: string): DraftField | null {
  const bare = path.replace(/^body\./, "");
  const earning = EARNING_PATHS[bare];
  if (earning) return `earning.${earning}`;
  const tier = /^tiers\.(\d+)\.(name|threshold|multiplier|perks)(?:\.(?:\d+\.)?(zh-CN|en))?/.exec(bare);
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
        : (part as "threshold" | "multiplier");
  return `tiers.${Number(index)}.${field}`;
}

/** The server's field errors by draft field; the ones about no field are left out (the form says those whole). */
export function fieldsOf(errors: readonly FieldError[]): Partial<Record<DraftField, string>> {
  const out: Partial<Record<DraftField, string>> = {};
  for (const error of errors) {
    const field = draftFieldOf(error.path);
    if (field && out[field] === undefined) out[field] = error.message;
  }
  return out;
}

/** Reads one field of the draft. */
export function readField(draft: ProgramDraft, field: DraftField): string {
  const [part, a, b] = field.split(".");
  if (part === "earning") return draft.earning[a as EarningField];
  return draft.tiers[Number(a)]?.[b as TierField] ?? "";
}

/** The draft with one field set. */
export function withField(draft: ProgramDraft, field: DraftField, value: string): ProgramDraft {
  const [part, a, b] = field.split(".");
  if (part === "earning") return { ...draft, earning: { ...draft.earning, [a as EarningField]: value } };
  const index = Number(a);
  return {
    ...draft,
    tiers: draft.tiers.map((tier, i) => (i === index ? { ...tier, [b as TierField]: value } : tier)),
  };
}

/**
 * The config read again after someone else changed it, with what this person typed on top: a
 * field they changed keeps their text, every other field takes the new value.
 */
export function rebase(typed: ProgramDraft, readBefore: ProgramDraft, readNow: ProgramDraft): ProgramDraft {
  let next = readNow;
  for (const field of EARNING_FIELDS) {
    const path: DraftField = `earning.${field}`;
    if (readField(typed, path) !== readField(readBefore, path)) next = withField(next, path, readField(typed, path));
  }
  readNow.tiers.forEach((tier, i) => {
    const mine = typed.tiers[i];
    const before = readBefore.tiers[i];
    // a tier is matched by its key: if the tiers were reordered or replaced, nothing is carried over
    if (!mine || !before || mine.key !== tier.key || before.key !== tier.key) return;
    for (const field of TIER_FIELDS) {
      if (mine[field] !== before[field]) next = withField(next, `tiers.${i}.${field}`, mine[field]);
    }
  });
  return next;
}
