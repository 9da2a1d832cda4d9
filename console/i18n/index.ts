import { browserLanguages, LOCALES, type Locale, pickLocale } from "../../client/locale.js";
import { en, type HostStrings, type RefusalCode, refusalsEn } from "./en.js";
import { refusalsZhCN, zhCN } from "./zh-CN.js";

export type { HostStrings } from "./en.js";

/** The host console's words, in each locale it speaks: one file per locale beside this one. */
export const HOST_LOCALES = LOCALES;
export type HostLocale = Locale;

const strings: Record<HostLocale, HostStrings> = { "zh-CN": zhCN, en };
const refusals: Record<HostLocale, Record<RefusalCode, string>> = { "zh-CN": refusalsZhCN, en: refusalsEn };

export function hostStrings(locale: HostLocale): HostStrings {
  return strings[locale];
}

/** A refusal in words; a code without words of its own still says what happened. */
export function refusalText(locale: HostLocale, code: string): string {
  return (
    (refusals[locale] as Record<string, string>)[code] ??
    (locale === "en" ? `The server refused this (${code}).` : `服务器拒绝了此操作（${code}）。`)
  );
}

/** Fills `{name}` placeholders. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
}

/** The locale to start in: the page's language if the console speaks it, else Chinese. */
export const startLocale = (): HostLocale => pickLocale(null, browserLanguages(), "zh-CN");
