/// <reference types="vite/client" />
import type { LoadPanel, PanelModule } from "./types.js";

const modules = import.meta.glob<PanelModule>("../panels/*.tsx", { eager: true });

/**
 * Every panel already imported, handed over at once: for a page that wants the whole overlay in one
 * file, and for tests, where a panel appearing the moment it has something to show keeps a
 * test's steps those of the viewer. Not used by the script tag or the ES build.
 */
export const panelsEager: LoadPanel = (name) => {
  const module = modules[`../panels/${name}.tsx`];
  if (!module) throw new Error(`no panel module for ${name}`);
  return module;
};
