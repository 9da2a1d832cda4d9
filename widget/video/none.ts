import { signal } from "../core/signals.js";
import type { VideoAdapter } from "./types.js";

/** No player to watch (the page plays the stream some other way): the stream counts as playing. */
export function noVideo(): VideoAdapter {
  return {
    kind: "none",
    playing: signal(true),
    stalled: signal(false),
    element: null,
    attach() {},
    destroy() {},
  };
}
