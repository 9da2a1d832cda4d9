import files from "virtual:encore-panel-files";
import type { ScreenMessages } from "../i18n/index.js";
import { kit } from "./kit.js";
import { KIT_KEY } from "./shared.js";
import type { LoadMessages, LoadPanel, PanelModule } from "./types.js";

/**
 * For the script tag's IIFE, which cannot split chunks (DESIGN §6 trap 3): each panel is a
 * content-hashed ES module written next to the bundle (`files` maps a panel's name to its file,
 * filled in by the build) and imported by URL with the browser's native import(), resolved
 * from the bundle's own URL. The panel borrows the bundle's preact and reactive() as it evaluates.
 */
export function panelsFromFiles(bundleUrl: string): LoadPanel {
  (globalThis as Record<symbol, unknown>)[Symbol.for(KIT_KEY)] = kit;
  return async (name, attempt) => {
    const file = files[name];
    if (!file) throw new Error(`no panel file for ${name}`);
    const url = new URL(file, bundleUrl);
    // some browsers remember a failed module import by its URL: a retry asks under another one
    if (attempt > 0) url.searchParams.set("retry", String(attempt));
    return (await import(/* @vite-ignore */ url.href)) as PanelModule;
  };
}

/**
 * Each script-tag bundle carries one language; a page that mounts the overlay in another (through
 * `Encore.mount({ locale })`) gets its words from the sibling locale-LOC-HASH.js the same way.
 */
export function messagesFromFiles(bundleUrl: string): LoadMessages {
  return async (locale) => {
    const file = files[`locale-${locale}`];
    if (!file) throw new Error(`no words file for ${locale}`);
    return ((await import(/* @vite-ignore */ new URL(file, bundleUrl).href)) as { default: ScreenMessages }).default;
  };
}
