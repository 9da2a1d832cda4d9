/**
 * `/encore.js`, the URL streamers paste. It stays tiny and is cached for minutes only, so a deploy
 * reaches every page quickly; what it loads is the content-hashed bundle, which browsers keep for a
 * year. There is one bundle per language, each carrying only its own words; the loader picks it by
 * the overlay's own rule (pickLocale) and their names are fixed at build time (`vite build --mode loader`).
 *
 * The bundle reads its settings from `document.currentScript` (widget/embed.ts), which for it is
 * the script element added here: the tag's `data-*` and nonce are copied onto that element so the
 * contract of DESIGN §3 (data attributes, queue stub, `window.Encore`) holds unchanged.
 */
import { type Locale, pickLocale } from "../client/locale.js";

/** each language's bundle, as /widget/encore-HASH.js */
declare const __ENCORE_BUNDLES__: Record<Locale, string>;

(() => {
  const tag = document.currentScript as HTMLScriptElement | null;
  const bundle = document.createElement("script");
  const locale = pickLocale(tag?.dataset.locale?.trim() || null, navigator.languages ?? []);
  // Served from the loader's own server, at /widget/ like every other file it loads later.
  bundle.src = new URL(__ENCORE_BUNDLES__[locale], tag?.src || location.href).href;
  if (tag) {
    for (const key of Object.keys(tag.dataset)) bundle.dataset[key] = tag.dataset[key];
    // a page whose CSP allows scripts by nonce allows the bundle the same way
    if (tag.nonce) bundle.nonce = tag.nonce;
  }
  (document.head || document.documentElement).appendChild(bundle);
})();
