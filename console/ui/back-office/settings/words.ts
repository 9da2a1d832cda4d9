import type { ApiKeyState } from "../../../../protocol/keys.js";
import { FIRST_API_KEY_NAME } from "../../../../protocol/limits.js";
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
/** A key's name as the shop gave it; the one the server gave the first key, in the reader's language. */
export const keyName = (t: HostStrings, name: string) => (name === FIRST_API_KEY_NAME ? t.stFirstKeyName : name);

/** A day and a time, in the reader's language: keys are created and retired to the minute. */
export const when = (locale: HostLocale, at: number) =>
  new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(at));
