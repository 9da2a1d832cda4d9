import { Component, type ComponentChildren } from "preact";
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

/** Where the overlay's context sits in Preact's context object. */
export const WIDGET_KEY = "encore";

/**
 * Hands the overlay's context to every component below it, read by reactive components
 * (./reactive.ts useWidget), the overlay's only readers. Through getChildContext, which Preact's
 * core carries anyway, rather than createContext, which would add its own code to the first load.
 */
export class WidgetRoot extends Component<{ value: WidgetContext; children?: ComponentChildren }> {
  override getChildContext() {
    return { [WIDGET_KEY]: this.props.value };
  }
  override render() {
    return this.props.children;
  }
}
