import { computed, signal } from "../core/signals.js";
import type { VideoAdapter } from "./types.js";

const EVENTS = ["play", "playing", "pause", "ended", "waiting", "stalled", "emptied", "seeking", "seeked", "canplay"];

/** A page's own `<video>`: playing means advancing frames, not merely "not paused". */
export function html5Video(): VideoAdapter {
  const paused = signal(true);
  const stalled = signal(false);
  let video: HTMLVideoElement | null = null;
  const read = (event?: Event) => {
    if (!video) return;
    paused.value = video.paused || video.ended;
    if (event?.type === "waiting" || event?.type === "stalled" || event?.type === "seeking") stalled.value = true;
    else if (event?.type === "playing" || event?.type === "canplay" || event?.type === "seeked") stalled.value = false;
  };
  const detach = () => {
    for (const name of EVENTS) video?.removeEventListener(name, read);
    video = null;
  };
  return {
    kind: "html5",
    playing: computed(() => !paused.value && !stalled.value),
    stalled,
    get element() {
      return video;
    },
    attach(target) {
      detach();
      if (!(target instanceof HTMLVideoElement)) return;
      video = target;
      for (const name of EVENTS) target.addEventListener(name, read);
      read();
    },
    destroy: detach,
  };
}
