import type { Signal } from "@preact/signals";
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { type HostLocale, type HostStrings, hostStrings, refusalText } from "../i18n/index.js";
import type { AdminSessionModel } from "../models/admin-session.js";
import type { Broadcast } from "../models/broadcast.js";
import type { HostConsole } from "../models/console.js";

export interface HostContextValue {
  model: HostConsole;
  locale: Signal<HostLocale>;
  /** the host's camera, when the console can publish video */
  broadcast?: Broadcast;
  /** the back office's session, when the console was opened as the back office (/admin) */
  admin?: AdminSessionModel;
}

export const HostContext = createContext<HostContextValue | null>(null);

/** The console model and the words of the current locale; components take nothing else. */
export function useHost(): HostContextValue & { t: HostStrings; refusal: (code: string) => string } {
  const value = useContext(HostContext);
  if (!value) throw new Error("host console components render inside <HostContext.Provider>");
  const locale = value.locale.value;
  return { ...value, t: hostStrings(locale), refusal: (code) => refusalText(locale, code) };
}
