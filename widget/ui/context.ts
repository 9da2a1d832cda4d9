import { createContext } from "preact";
import type { Locale, ScreenMessages } from "../i18n/index.js";
import type { Panels } from "../lazy/panels.js";
import type { Models } from "../models/index.js";
import type { VideoAdapter } from "../video/types.js";

export interface WidgetContext {
  models: Models;
  /** the first screen's words; a panel reads its own too, through usePanelWidget */
  m: ScreenMessages;
  locale: Locale;
  /** the panels beyond the first screen, loaded on first open */
  panels: Panels;
  /** the player, when the overlay shows one itself (Agora) */
  video?: VideoAdapter;
}

/** Read by reactive components (./reactive.ts useWidget), which are the overlay's only readers. */
export const Widget = createContext<WidgetContext | null>(null);
