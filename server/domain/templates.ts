import type { CouponTemplatePatch, FieldError, LocalizedText, TierConfig } from "../../protocol/index.js";

/** The longest a template's name may be in either language (protocol's LocalizedText). */
const NAME_MAX = 80;

const fitWith = (base: string, suffix: string) => [...base].slice(0, NAME_MAX - [...suffix].length).join("") + suffix;

/** A clone's name: the original's, marked as a copy in each language, within the length a name may have. */
export function copyName(name: LocalizedText): LocalizedText {
  return { "zh-CN": fitWith(name["zh-CN"], "（副本）"), en: fitWith(name.en, " (copy)") };
}

/**
 * The fields of an edit that cannot apply: a tier the program does not have, a stock below what
 * has already been issued (coupons out cannot be taken back by lowering a number).
 */
export function templatePatchProblems(
  patch: CouponTemplatePatch,
  tiers: readonly Pick<TierConfig, "key">[],
  issued: number,
): FieldError[] {
  const problems: FieldError[] = [];
  if (patch.minTier && !tiers.some((t) => t.key === patch.minTier)) {
    problems.push({ path: "minTier", message: `no tier ${patch.minTier} in this program` });
  }
  if (typeof patch.stock === "number" && patch.stock < issued) {
    problems.push({ path: "stock", message: `${issued} already issued: the stock cannot be less` });
  }
  return problems;
}
