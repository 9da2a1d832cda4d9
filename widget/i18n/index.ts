import type { LocalizedText } from "../../protocol/config.js";
import { en, type Messages } from "./en.js";
import { zhCN } from "./zh-CN.js";

export type Locale = "zh-CN" | "en";
export type { Messages };

const MESSAGES: Record<Locale, Messages> = { "zh-CN": zhCN, en };

/** `data-locale` wins; otherwise the browser's first language: any Chinese → zh-CN, else English. */
export function pickLocale(override: string | null | undefined, languages: readonly string[]): Locale {
  for (const tag of [override, ...languages]) {
    if (!tag) continue;
    const lower = tag.toLowerCase();
    if (lower.startsWith("zh")) return "zh-CN";
    if (lower.startsWith("en")) return "en";
    if (tag === override) continue;
    return "en";
  }
  return "en";
}

export const messagesFor = (locale: Locale): Messages => MESSAGES[locale];

/** Shop-defined text (tier names, perks, coupon names) in the viewer's locale. */
export const localized = (text: LocalizedText, locale: Locale): string => text[locale] || text.en;

/** The sentence for an error code, in words; unknown codes still get a sentence. */
export function errorText(m: Messages, code: string | null | undefined): string {
  if (!code) return m.unknownError;
  return (m.errors as Record<string, string>)[code] ?? m.unknownError;
}

/** cents → "12" or "12.50" */
export const yuan = (cents: number): string => (cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2));
