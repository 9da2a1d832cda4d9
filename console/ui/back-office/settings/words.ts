import type { ApiKeyState } from "../../../../protocol/keys.js";
import type { HostLocale, HostStrings } from "../../../i18n/index.js";
import type { GraceChoice } from "../../../models/api-keys.js";
import type { WindowChoice } from "../../../models/signing-key.js";

/*
 * The Settings section's states and choices in words; each lookup is typed by the union it
 * covers, so a new state or choice fails the type check until it has words in both locales.
 */

export const keyStateWord = (t: HostStrings, state: ApiKeyState) => t[`stKeyState_${state}`];
export const graceWord = (t: HostStrings, seconds: GraceChoice) => t[`stGrace_${seconds}`];
export const windowWord = (t: HostStrings, seconds: WindowChoice) => t[`stWindow_${seconds}`];

/** A day and a time, in the reader's language: keys are created and retired to the minute. */
export const when = (locale: HostLocale, at: number) =>
  new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(at));
