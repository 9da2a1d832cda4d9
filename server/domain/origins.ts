/** The origin as browsers send it: lower-case scheme and host, no default port; null if not one. */
function canonical(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.origin === "null" ? null : url.origin;
  } catch {
    return null;
  }
}

/**
 * Whether a page on `origin` may use a shop's widget, sockets and browser routes: any page when
 * the shop lists none (the widget is made to be pasted into streamers' own sites), else only a
 * listed one. Compared as origins, so "https://Shop.example:443" in the config admits the page
 * whose browser sends "https://shop.example".
 */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const page = canonical(origin);
  return page !== null && allowed.some((entry) => canonical(entry) === page);
}
