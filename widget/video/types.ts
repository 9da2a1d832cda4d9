import type { ReadonlySignal } from "../core/signals.js";
import type { AgoraPhase } from "./agora.js";
import type { LoadAgora } from "./agora-shell.js";

/** What a player that starts on the viewer's tap is doing; "idle" until that tap. */
export type PlayerPhase = "idle" | AgoraPhase;

/** Controls of a player the overlay itself shows (Agora), as opposed to the page's own `<video>`. */
export interface PlayerControls {
  readonly phase: ReadonlySignal<PlayerPhase>;
  /** play intent: the first call loads the player and joins */
  play(): void;
  /** the SDK, loaded as play() loads it: a guest on stage (连麦) publishes through it */
  load?: LoadAgora;
}

/**
 * What the widget needs from a player: whether the stream is really playing, whether it is
 * stalled, and a way to let go. Adapters: html5 `<video>`, "none" (always playing) and Agora,
 * whose code and SDK load only after the viewer asks to watch.
 */
export interface VideoAdapter {
  readonly kind: "html5" | "none" | "agora";
  /** the stream is playing: not paused, ended, stalled or still buffering */
  readonly playing: ReadonlySignal<boolean>;
  readonly stalled: ReadonlySignal<boolean>;
  /** the element the overlay anchors over, if any */
  readonly element: HTMLElement | null;
  /** a player rendered inside the overlay (Agora): its stage calls attach() with its element */
  readonly player?: PlayerControls;
  attach(target: HTMLElement): void;
  destroy(): void;
}
