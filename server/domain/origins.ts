import { type Platform, platformOfOrigin } from "../../protocol/platforms.js";

/** A browser extension's pages (its popup): their origin is the extension's id, which URL calls opaque. */
const EXTENSION_ORIGIN = /^chrome-extension:\/\/[a-p]{32}$/;

/** The origin as browsers send it: lower-case scheme and host, no default port; null if not one. */
function canonical(origin: string): string | null {
  if (EXTENSION_ORIGIN.test(origin)) return origin;
  try {
    const url = new URL(origin);
    return url.origin === "null" ? null : url.origin;
  } catch {
    return null;
  }
}

/**
 * Whether a page on `origin` may use a shop's widget, sockets and browser routes: any page when
 * the shop lists none (the widget is made to be pasted into streamers' own sites), else a listed
 * one, or a live platform's page where the shop mapped a room (`mappedPlatforms`): that is where
 * the browser extension's content script runs, and its requests carry the platform page's origin.
 * Compared as origins, so "https://Shop.example:443" in the config admits the page whose browser
 * sends "https://shop.example".
 */
export function originAllowed(
  origin: string,
  allowed: readonly string[],
  mappedPlatforms: readonly Platform[] = [],
): boolean {
  if (allowed.length === 0) return true;
  const page = canonical(origin);
  if (page === null) return false;
  if (allowed.some((entry) => canonical(entry) === page)) return true;
  const platform = platformOfOrigin(page);
  return platform !== null && mappedPlatforms.includes(platform);
}

/** Whether the origin check could turn on the shop's mapped platforms: a platform's origin, for a shop that lists some. */
export function needsMappedPlatforms(origin: string, allowed: readonly string[]): boolean {
  return allowed.length > 0 && platformOfOrigin(canonical(origin) ?? "") !== null;
}
