import type { Locale } from "../../client/locale.js";
import { panelWords } from "../panels/words/index.js";
import { en } from "./en.js";
import type { Messages } from "./index.js";
import { mergeWords } from "./merge-words.js";
import { zhCN } from "./zh-CN.js";

/**
 * The words a build carries in its own file. The ES build and the tests carry every language,
 * the panels' words included; the script tag's build replaces this module with one language's
 * first-screen words per bundle (widget/build/locale-bundles.ts) and fetches another, if a page
 * mounts in it, from a sibling file. Its panels carry their own words.
 */
export const bundled: Partial<Record<Locale, Messages>> = {
  "zh-CN": mergeWords(zhCN, panelWords["zh-CN"]),
  en: mergeWords(en, panelWords.en),
};
