import type { Locale } from "../../client/locale.js";
import type { LocalizedText } from "../../protocol/config.js";
import { en, type Messages } from "./en.js";
import { zhCN } from "./zh-CN.js";

export type { Locale } from "../../client/locale.js";
/** `data-locale` wins; otherwise the browser's first language: any Chinese → zh-CN, else English. */
export { pickLocale } from "../../client/locale.js";
/** cents → "12" or "12.50" */
export { yuanAmount as yuan } from "../../client/money.js";
export type { Messages };

const MESSAGES: Record<Locale, Messages> = { "zh-CN": zhCN, en };

export const messagesFor = (locale: Locale): Messages => MESSAGES[locale];

/** Shop-defined text (tier names, perks, coupon names) in the viewer's locale. */
export const localized = (text: LocalizedText, locale: Locale): string => text[locale] || text.en;

/** The sentence for an error code, in words; unknown codes still get a sentence. */
export function errorText(m: Messages, code: string | null | undefined): string {
  if (!code) return m.unknownError;
  return (m.errors as Record<string, string>)[code] ?? m.unknownError;
}
