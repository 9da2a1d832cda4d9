import type { Locale } from "../../client/locale.js";
import type { LocalizedText } from "../../protocol/config.js";
import type { PanelMessages } from "../panels/words/en.js";
import { bundled } from "./bundled.js";
import type { ScreenMessages } from "./en.js";

/** `data-locale` wins; otherwise the browser's first language: any Chinese → zh-CN, else English. */
export { LOCALES, type Locale, pickLocale } from "../../client/locale.js";
/** cents → "12" or "12.50" */
export { yuanAmount as yuan } from "../../client/money.js";
export type { ScreenMessages };
/** Every word of the overlay: the first screen's, and the panels' own (which travel in the panel files). */
export type Messages = ScreenMessages & PanelMessages;

/** The words for a locale this build carries (every locale, outside the script tag's per-language bundles). */
export function messagesFor(locale: Locale): Messages {
  const messages = bundled[locale];
  if (!messages) throw new Error(`this build carries no ${locale} words`);
  return messages;
}

/** Shop-defined text (tier names, perks, coupon names) in the viewer's locale. */
export const localized = (text: LocalizedText, locale: Locale): string => text[locale] || text.en;

/** The sentence for an error code, in words; unknown codes still get a sentence. */
export function errorText(m: ScreenMessages, code: string | null | undefined): string {
  if (!code) return m.unknownError;
  return (m.errors as Record<string, string>)[code] ?? m.unknownError;
}
