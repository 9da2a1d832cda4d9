import { automationTemplateIds, EncoreError, type ShopConfig } from "../../../protocol/index.js";
import { findTemplate } from "../../store/coupons.js";
import type { Executor } from "../../store/executor.js";

/**
 * Every coupon template the automations would grant must be one of this shop's: a typo, a deleted template or another shop's id is refused with the field that names it,
 * before anything is saved, rather than found out by a sweep months later.
 */
export async function checkAutomationTemplates(db: Executor, shopId: string, config: ShopConfig): Promise<void> {
  const problems: string[] = [];
  for (const ref of automationTemplateIds(config.automations)) {
    const template = await findTemplate(db, shopId, ref.templateId);
    // a paused template stays a valid choice: it issues nothing until resumed, and refusing it
    // here would refuse every later config write (a blocked word) while it is paused
    if (!template) problems.push(`body.${ref.path.join(".")}: no coupon template ${ref.templateId} in this shop`);
  }
  if (problems.length > 0) throw new EncoreError("template_not_found", problems.join("; "));
}
