import type { ReadonlySignal } from "@preact/signals";

/**
 * What the widget needs from a player: whether the stream is really playing, whether it is
 * stalled, and a way to let go. Adapters: html5 `<video>`, "none" (always playing); Agora
 * comes later behind the same interface and loads lazily.
 */
export interface VideoAdapter {
  readonly kind: "html5" | "none";
  /** the stream is playing: not paused, ended, stalled or still buffering */
  readonly playing: ReadonlySignal<boolean>;
  readonly stalled: ReadonlySignal<boolean>;
  /** the element the overlay anchors over, if any */
  readonly element: HTMLElement | null;
  attach(target: HTMLElement): void;
  destroy(): void;
}
