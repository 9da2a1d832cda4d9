import type { AgoraSdk } from "../../client/agora-sdk.js";
import { log } from "../../client/log.js";
import { computed, signal } from "../core/signals.js";
import type { AgoraViewer, AgoraViewerOptions, startAgoraViewer } from "./agora.js";
import type { PlayerPhase, VideoAdapter } from "./types.js";

/** Loads the Agora viewer and the SDK; each build says how (a URL import or a lazy chunk). */
export type LoadAgora = () => Promise<{ startAgoraViewer: typeof startAgoraViewer; sdk: AgoraSdk }>;

/**
 * The Agora adapter as encore.js carries it: signals and a play() that, on the viewer's tap,
 * loads the real viewer (agora.ts) and the SDK. Nothing of either is fetched before that tap,
 * and everything else (token, tracks, stalls, sound) lives in the lazily loaded part.
 */
export function agoraVideo(load: LoadAgora, room: Pick<AgoraViewerOptions, "server" | "room" | "token" | "locale">) {
  const phase = signal<PlayerPhase>("idle");
  let element: HTMLElement | null = null;
  let viewer: AgoraViewer | undefined;
  let destroyed = false;
  const adapter: VideoAdapter = {
    kind: "agora",
    playing: computed(() => phase.value === "playing"),
    stalled: computed(() => phase.value === "stalled"),
    element: null,
    attach(target) {
      element = target;
    },
    destroy() {
      destroyed = true;
      void viewer?.leave();
    },
    player: {
      phase,
      load,
      play() {
        const stage = element;
        if (phase.peek() !== "idle" || !stage || destroyed) return;
        phase.value = "connecting";
        load().then(
          ({ startAgoraViewer, sdk }) => {
            if (!destroyed)
              viewer = startAgoraViewer({ ...room, sdk, element: stage, onPhase: (p) => (phase.value = p) });
          },
          (error) => {
            // back to the play button: another tap tries again
            log.warn("could not load the video player", error);
            phase.value = "idle";
          },
        );
      },
    },
  };
  return adapter;
}
