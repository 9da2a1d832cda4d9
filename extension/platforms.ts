import { PLATFORMS, type Platform } from "../protocol/platforms.js";

/**
 * Where a room id is on a live room's page: the path's `id` group, a query parameter, or an
 * attribute of an element the platform renders (its value matched against `pattern`, whose
 * first group is the id).
 */
export type IdSource =
  | { from: "path" }
  | { from: "query"; name: string }
  | { from: "page"; selector: string; attribute: string; pattern: RegExp };

export interface RoomPage {
  /** the path of a live room on one of the adapter's hosts; `(?<id>…)` when the id is in it */
  path: RegExp;
  id: IdSource;
}

/**
 * One live platform, as data. None of these could be checked against the real sites from where
 * they were written (they are not reachable there): each is checked against a fixture page built
 * to the same structure (test/fixtures/platforms/<host>.html). When a platform changes its
 * markup, correct the record and its fixture together.
 */
export interface PlatformAdapter {
  platform: Platform;
  /** the hosts of its live rooms (protocol/platforms.ts): the content script runs on these and nowhere else */
  hosts: readonly string[];
  /** the shapes of a live room's URL, first match wins */
  rooms: readonly RoomPage[];
  /** paths with a room's shape that are the platform's own pages, never a room */
  notRooms?: readonly string[];
  /** selectors for the stream's `<video>`, most specific first */
  video: readonly string[];
}

export const PLATFORM_ADAPTERS: readonly PlatformAdapter[] = [
  {
    platform: "douyin",
    hosts: PLATFORMS.douyin.hosts,
    rooms: [{ path: /^\/(?<id>\d+)\/?$/, id: { from: "path" } }],
    video: [".xgplayer video", "#PlayerLayout video"],
  },
  {
    platform: "taobao",
    hosts: PLATFORMS.taobao.hosts,
    rooms: [{ path: /^\/live\/?$/, id: { from: "query", name: "liveId" } }],
    video: [".live-player video", ".tbplayer video"],
  },
  {
    platform: "tiktok",
    hosts: PLATFORMS.tiktok.hosts,
    rooms: [{ path: /^\/@(?<id>[A-Za-z0-9_.]+)\/live\/?$/, id: { from: "path" } }],
    video: ['[data-e2e="live-player"] video', 'div[class*="LivePlayer"] video'],
  },
  {
    platform: "kuaishou",
    hosts: PLATFORMS.kuaishou.hosts,
    rooms: [{ path: /^\/u\/(?<id>[A-Za-z0-9_-]+)\/?$/, id: { from: "path" } }],
    video: [".player-video video", ".kwai-player video"],
  },
  {
    platform: "youtube",
    hosts: PLATFORMS.youtube.hosts,
    rooms: [
      { path: /^\/watch\/?$/, id: { from: "query", name: "v" } },
      // a channel's live page: the video id is only in the page's canonical link
      {
        path: /^\/@[^/]+\/live\/?$/,
        id: {
          from: "page",
          selector: 'link[rel="canonical"]',
          attribute: "href",
          pattern: /[?&]v=([A-Za-z0-9_-]{11})/,
        },
      },
    ],
    video: ["#movie_player video.html5-main-video", "#movie_player video"],
  },
  {
    platform: "twitch",
    hosts: PLATFORMS.twitch.hosts,
    rooms: [{ path: /^\/(?<id>[A-Za-z0-9_]{3,25})\/?$/, id: { from: "path" } }],
    notRooms: [
      "directory",
      "videos",
      "settings",
      "downloads",
      "search",
      "subscriptions",
      "inventory",
      "wallet",
      "drops",
    ],
    video: ['[data-a-target="video-player"] video', ".video-player video"],
  },
  {
    platform: "bilibili",
    hosts: PLATFORMS.bilibili.hosts,
    rooms: [{ path: /^\/(?:h5\/)?(?<id>\d+)\/?$/, id: { from: "path" } }],
    video: ["#live-player video", ".live-player-mounter video"],
  },
];

/** What the content script found: a live room of a supported platform, by the platform's own id. */
export interface PlatformRoom {
  adapter: PlatformAdapter;
  platform: Platform;
  id: string;
}

function readId(page: RoomPage, url: URL, doc: Document): string | null {
  const source = page.id;
  if (source.from === "path") return page.path.exec(url.pathname)?.groups?.id ?? null;
  if (source.from === "query") return url.searchParams.get(source.name);
  const value = doc.querySelector(source.selector)?.getAttribute(source.attribute) ?? "";
  return source.pattern.exec(value)?.[1] ?? null;
}

/** The live room this URL (and page) is, or null on any other page. */
export function readPlatformRoom(url: URL, doc: Document, adapters = PLATFORM_ADAPTERS): PlatformRoom | null {
  if (url.protocol !== "https:") return null;
  const adapter = adapters.find((a) => a.hosts.includes(url.hostname));
  if (!adapter) return null;
  for (const page of adapter.rooms) {
    if (!page.path.test(url.pathname)) continue;
    const id = readId(page, url, doc)?.trim();
    if (!id) return null;
    if (adapter.notRooms?.includes(id.toLowerCase())) return null;
    return { adapter, platform: adapter.platform, id };
  }
  return null;
}

/** The stream's `<video>`, once the platform's player has rendered it. */
export function findStreamVideo(adapter: PlatformAdapter, doc: Document): HTMLVideoElement | null {
  for (const selector of adapter.video) {
    const found = doc.querySelector(selector);
    if (found instanceof (doc.defaultView?.HTMLVideoElement ?? HTMLVideoElement)) return found as HTMLVideoElement;
  }
  return null;
}

/** Match patterns for the manifest: every host of every platform, over https only. */
export function platformMatches(adapters = PLATFORM_ADAPTERS): string[] {
  return adapters.flatMap((a) => a.hosts.map((host) => `https://${host}/*`));
}
