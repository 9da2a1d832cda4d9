import type { Locale } from "../../client/locale.js";
import { type ExtensionWords, en } from "./en.js";
import { zhCN } from "./zh-CN.js";

export type { ExtensionWords } from "./en.js";

export const extensionWords: Record<Locale, ExtensionWords> = { "zh-CN": zhCN, en };

/** Chrome's folder name for each locale under _locales/ (it spells zh-CN with an underscore). */
export const CHROME_LOCALE_DIR: Record<Locale, string> = { "zh-CN": "zh_CN", en: "en" };
