/// <reference types="vite/client" />
import type { LoadPanel, PanelModule } from "./types.js";

const chunks = import.meta.glob<PanelModule>("../panels/*.tsx");

/** For the ES build (and tests): every file under widget/panels/ is an ordinary lazy chunk. */
export const panelsFromChunks: LoadPanel = async (name) => {
  const load = chunks[`../panels/${name}.tsx`];
  if (!load) throw new Error(`no panel module for ${name}`);
  return load();
};
