import { log } from "../../client/log.js";
import { html5Video } from "./html5.js";
import { noVideo } from "./none.js";
import type { VideoAdapter } from "./types.js";

export type { VideoAdapter } from "./types.js";

/**
 * `data-video`: "none" (or absent) for always playing, "agora" for the room's live video played
 * inside the overlay (when the build can load it), or a CSS selector / element for a `<video>`.
 */
export function resolveVideo(
  spec: string | HTMLVideoElement | null | undefined,
  doc: Document,
  agora?: () => VideoAdapter,
): VideoAdapter {
  if (!spec || spec === "none") return noVideo();
  if (spec === "agora") {
    if (agora) return agora();
    log.warn("this build cannot play Agora video; counting the stream as playing");
    return noVideo();
  }
  let element: Element | null = null;
  if (typeof spec === "string") {
    try {
      element = doc.querySelector(spec);
    } catch {
      element = null;
    }
  } else element = spec;
  if (!(element instanceof HTMLVideoElement)) {
    log.warn(`no <video> matches ${String(spec)}; counting the stream as playing`);
    return noVideo();
  }
  const adapter = html5Video();
  adapter.attach(element);
  return adapter;
}
