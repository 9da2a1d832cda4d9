import type { ComponentType } from "preact";
import type { Locale, ScreenMessages } from "../i18n/index.js";

/**
 * A panel module, one file under widget/panels/: the component and its own stylesheet (its
 * Tailwind classes are not in the first load's CSS), compiled for the shadow root.
 */
export interface PanelModule {
  default: ComponentType;
  css: string;
}

/**
 * How a build fetches a panel by name (the file's name under widget/panels/): the script tag
 * imports a content-hashed sibling file by URL, the ES build a lazy chunk. `attempt` counts
 * retries after a failure, so a retry is a fresh request rather than the browser's memory of it.
 * A loader that already holds the module may return it as is: the panel then shows in the same render.
 */
export type LoadPanel = (name: string, attempt: number) => Promise<PanelModule> | PanelModule;

/** How the script tag fetches the words of a language its bundle does not carry (a sibling locale-LOC-HASH.js). */
export type LoadMessages = (locale: Locale) => Promise<ScreenMessages>;
