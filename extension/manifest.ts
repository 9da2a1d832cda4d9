import { ICON_SIZES, iconPath } from "./build/icon.js";
import { platformMatches } from "./platforms.js";

export interface ManifestOptions {
  /** the Encore server the extension talks to, fixed at build time */
  server: string;
  version: string;
  /** the test build: the local fixture pages (http://127.0.0.1, any port) stand for the platforms */
  fixtures: boolean;
  /** the shop's origins: their pages may hand the extension a viewer token, and it renews it there */
  shops: readonly string[];
}

/** Match pattern for one origin: its scheme and host (port included when it has one), every path. */
export function originPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.host}/*`;
}

export const FIXTURE_PATTERN = "http://127.0.0.1/*";

/**
 * manifest.json. Permissions are the least it needs: storage (the viewer's token), alarms (its
 * renewal and the go-live poll), notifications (go-live), host access to the Encore server and the shop's origins
 * (renewal) alone, content scripts on the supported platforms' hosts alone (never <all_urls>), and
 * only the shop's pages may message it (externally_connectable: the sign-in hand-over). The content script is injected on a platform's every
 * page because the platforms change rooms without a page load; it stays inert off a live room.
 */
export function extensionManifest(options: ManifestOptions) {
  const pages = [...platformMatches(), ...(options.fixtures ? [FIXTURE_PATTERN] : [])];
  return {
    manifest_version: 3,
    name: "__MSG_name__",
    description: "__MSG_description__",
    default_locale: "en",
    version: options.version,
    permissions: ["storage", "alarms", "notifications"],
    host_permissions: [...new Set([options.server, ...options.shops].map(originPattern))],
    externally_connectable: { matches: options.shops.map(originPattern) },
    content_scripts: [{ matches: pages, js: ["content.js"], run_at: "document_idle" }],
    background: { service_worker: "background.js" },
    icons: Object.fromEntries(ICON_SIZES.map((size) => [String(size), iconPath(size)])),
    action: { default_popup: "popup.html", default_title: "__MSG_name__" },
  };
}
