import type { Messages } from "../../i18n/index.js";
import { mergeWords } from "../../i18n/merge-words.js";
import { useWidget } from "../../ui/reactive.js";
import { panelWords } from "./index.js";

const merged = new WeakMap<object, Messages>();

/** The overlay's context with every word a panel shows: the first screen's and the panels' own. */
export function usePanelWidget() {
  const widget = useWidget();
  let m = merged.get(widget.m);
  if (!m) {
    m = mergeWords(widget.m, panelWords[widget.locale]);
    merged.set(widget.m, m);
  }
  return { ...widget, m };
}
