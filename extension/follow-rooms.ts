import type { LookupResult } from "./lookup.js";
import { platformUrl } from "./page-url.js";
import { findStreamVideo, type PlatformRoom, readPlatformRoom } from "./platforms.js";

export interface FollowOptions {
  win: Window;
  /** the extension's test build reads fixture URLs as the platforms' (extension/page-url.ts) */
  fixtures: boolean;
  token: { read(): Promise<string | null>; onChange(listener: (token: string | null) => void): () => void };
  lookup(room: PlatformRoom): Promise<LookupResult>;
  mount(options: { room: string; token: string | null; video: HTMLVideoElement }): { unmount(): void };
  /** how often the page is read again: the platforms are single-page apps that change room without a load */
  everyMs?: number;
  /** how long after a failed lookup it is asked again */
  retryMs?: number;
}

/**
 * The content script's one loop: reads which live room the page is, asks the server once per
 * room whether a shop mapped it, and keeps the overlay mounted over that room's `<video>` while
 * the page stays on it. A page that is no mapped room is left untouched: no node, no socket.
 */
export function followRooms(options: FollowOptions): () => void {
  const { win } = options;
  const doc = win.document;
  let key: string | null = null;
  let mapping: LookupResult | null = null;
  let asking = false;
  let retryAt = 0;
  let token: string | null = null;
  let tokenRead = false;
  let mounted: { unmount(): void; video: HTMLVideoElement; token: string | null } | null = null;

  const unmount = () => {
    mounted?.unmount();
    mounted = null;
  };

  const tick = () => {
    const room = readPlatformRoom(platformUrl(win.location.href, options.fixtures), doc);
    const nextKey = room ? `${room.platform}:${room.id}` : null;
    if (nextKey !== key) {
      unmount();
      key = nextKey;
      mapping = null;
      retryAt = 0;
    }
    if (!room || !tokenRead) return;
    if (!mapping || mapping.status === "failed") {
      if (asking || Date.now() < retryAt) return;
      asking = true;
      const asked = key;
      options.lookup(room).then((result) => {
        asking = false;
        if (asked !== key) return;
        mapping = result;
        if (result.status === "failed") retryAt = Date.now() + (options.retryMs ?? 15_000);
        tick();
      });
      return;
    }
    if (mapping.status !== "mapped") return;
    const video = findStreamVideo(room.adapter, doc);
    // the platform swapped its player (an ad break, a quality change): follow the new one
    if (mounted && (mounted.video !== video || mounted.token !== token)) unmount();
    if (mounted || !video) return;
    mounted = { ...options.mount({ room: mapping.roomId, token, video }), video, token };
  };

  const timer = win.setInterval(tick, options.everyMs ?? 1000);
  win.addEventListener("popstate", tick);
  const stopToken = options.token.onChange((next) => {
    token = next;
    tick();
  });
  options.token.read().then((read) => {
    token = read;
    tokenRead = true;
    tick();
  });
  return () => {
    win.clearInterval(timer);
    win.removeEventListener("popstate", tick);
    stopToken();
    unmount();
    key = null;
  };
}
