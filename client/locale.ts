/** The languages the widget and the console speak. */
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * The locale to start in, by one rule for the widget and the console: an `override` (data-locale,
 * ?lang=) wins when it names a language spoken here; otherwise the browser's first language, any
 * Chinese → zh-CN, any English → en, anything else → `fallback`. The viewer's widget falls back to
 * English; the host's console, made for Chinese live rooms, to Chinese.
 */
export function pickLocale(
  override: string | null | undefined,
  languages: readonly string[],
  fallback: Locale = "en",
): Locale {
  for (const tag of [override, ...languages]) {
    if (!tag) continue;
    const lower = tag.toLowerCase();
    if (lower.startsWith("zh")) return "zh-CN";
    if (lower.startsWith("en")) return "en";
    if (tag === override) continue;
    return fallback;
  }
  return fallback;
}

/** The browser's languages, first the preferred; none outside a browser. */
export function browserLanguages(): readonly string[] {
  if (typeof navigator === "undefined") return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}
