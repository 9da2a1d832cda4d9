import type { Insight } from "../../../protocol/insight.js";
import { useHost } from "../context.js";
import { couponText } from "../parts/coupon.js";

/** A template the insight names by id, by its name and terms; one it does not know is said to be gone. */
export function useTemplateText(data: Insight): (templateId: string | undefined) => string {
  const { t, locale } = useHost();
  return (templateId) => {
    const template = data.templates.find((x) => x.id === templateId);
    return template ? couponText(locale.value, template) : t.templateGone;
  };
}
