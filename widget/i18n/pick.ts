/** The viewer overlay's languages; the first is the one a bundle falls back to when a language file cannot load. */
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * `data-locale` wins; otherwise the browser's first language: any Chinese → zh-CN, else English.
 * The loader (widget/loader.ts) picks the script tag's bundle by this same rule, so the bundle
 * it loads already carries the words the overlay will show.
 */
export function pickLocale(override: string | null | undefined, languages: readonly string[]): Locale {
  for (const tag of [override, ...languages]) {
    if (!tag) continue;
    const lower = tag.toLowerCase();
    if (lower.startsWith("zh")) return "zh-CN";
    if (lower.startsWith("en")) return "en";
    if (tag === override) continue;
    return "en";
  }
  return "en";
}
