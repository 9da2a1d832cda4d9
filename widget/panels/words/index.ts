import type { Locale } from "../../../client/locale.js";
import { en, type PanelMessages } from "./en.js";
import { zhCN } from "./zh-CN.js";

/** The panels' own words in every language: a few hundred bytes a panel file carries, out of the first load. */
export const panelWords: Record<Locale, PanelMessages> = { "zh-CN": zhCN, en };
