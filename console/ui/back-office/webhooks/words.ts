import type { WebhookEvent } from "../../../../protocol/commerce.js";
import { webhookEventsEn } from "../../../i18n/webhooks.en.js";
import { webhookEventsZhCN } from "../../../i18n/webhooks.zh-CN.js";
import { useHost } from "../../context.js";

const NAMES = { en: webhookEventsEn, "zh-CN": webhookEventsZhCN } as const;

/** Each webhook event's name in the console's language. */
export function useEventNames(): Record<WebhookEvent, string> {
  const { locale } = useHost();
  return NAMES[locale.value];
}
