import {
  automationTemplateIds,
  EncoreError,
  type FieldError,
  type ShopConfig,
  type TemplateReference,
} from "../../../protocol/index.js";
import { findTemplate } from "../../store/coupons.js";
import type { Executor } from "../../store/executor.js";

/** The templates the repurchase triggers grant, with where each is set. */
function repurchaseTemplateIds(config: ShopConfig): TemplateReference[] {
  return Object.entries(config.repurchase).flatMap(([trigger, templateId]) =>
    templateId === null ? [] : [{ path: ["repurchase", trigger], templateId }],
  );
}

/** The templates a completed referral grants, when its reward is a coupon. */
function referralTemplateIds(config: ShopConfig): TemplateReference[] {
  const { referrals } = config;
  if (referrals.reward !== "coupon") return [];
  return (["inviterTemplateId", "inviteeTemplateId"] as const).flatMap((key) => {
    const templateId = referrals[key];
    return templateId === null ? [] : [{ path: ["referrals", key], templateId }];
  });
}

/**
 * Every coupon template the config would grant must be one of this shop's: a typo, a deleted
 * template or another shop's id is refused with the field that names it (so a form shows the
 * refusal beside its select), before anything is saved, rather than found out by a sweep months
 * later or by a first order that silently gets no coupon.
 *
 * Only the parts that changed are checked (`parts`): a template paused since does not block an
 * unrelated write (a blocked word) to the rest of the config.
 */
export async function checkConfigTemplates(
  db: Executor,
  shopId: string,
  config: ShopConfig,
  parts: { automations: boolean; repurchase: boolean; referrals?: boolean },
): Promise<void> {
  const refs = [
    ...(parts.automations ? automationTemplateIds(config.automations) : []),
    ...(parts.repurchase ? repurchaseTemplateIds(config) : []),
    ...(parts.referrals ? referralTemplateIds(config) : []),
  ];
  const fields: FieldError[] = [];
  for (const ref of refs) {
    // a paused template stays a valid choice: it issues nothing until resumed
    if (!(await findTemplate(db, shopId, ref.templateId))) {
      fields.push({ path: ref.path.join("."), message: `no coupon template ${ref.templateId} in this shop` });
    }
  }
  if (fields.length > 0) {
    // the message names the field as the request's body does; the fields, as a config's own validation does
    const message = fields.map((f) => `body.${f.path}: ${f.message}`).join("; ");
    throw new EncoreError("template_not_found", message, fields);
  }
}
