import type { WebhookEvent } from "../../../../protocol/commerce.js";
import { webhookEventsEn } from "../../../i18n/webhooks.en.js";
import { webhookEventsZhCN } from "../../../i18n/webhooks.zh-CN.js";
import { useHost } from "../../context.js";

const NAMES = { en: webhookEventsEn, "zh-CN": webhookEventsZhCN } as const;

/**
 * Every webhook event, in the protocol's order: read from the names (typed by the event list, so
 * none is missing) rather than from protocol/commerce.ts, whose zod schemas would bring zod, and its
 * eval probe that a strict content security policy reports, into the console's bundle.
 */
export const EVENTS = Object.keys(webhookEventsEn) as WebhookEvent[];

/** Each webhook event's name in the console's language. */
export function useEventNames(): Record<WebhookEvent, string> {
  const { locale } = useHost();
  return NAMES[locale.value];
}
