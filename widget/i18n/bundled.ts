import { en, type Messages } from "./en.js";
import type { Locale } from "./pick.js";
import { zhCN } from "./zh-CN.js";

/**
 * The words a build carries in its own file. The ES build and the tests carry every language;
 * the script tag's build replaces this module with one language per bundle (widget/build/locale-bundles.ts)
 * and fetches another, if a page mounts in it, from a sibling file.
 */
export const bundled: Partial<Record<Locale, Messages>> = { "zh-CN": zhCN, en };
