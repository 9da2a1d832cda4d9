import { reactive } from "../ui/reactive.js";
import styles from "./stage.css?inline";
import { usePanelWidget } from "./words/use-words.js";

/** this panel's own stylesheet: its classes are not in the first load's */
export const css = styles;

/**
 * The stage of a player the overlay shows itself (Agora): the element the SDK plays into, inside
 * the shadow root, and a play button that is the viewer's intent to watch (nothing of the player
 * loads before it). The loaded player puts its own words ("tap for sound", "waiting for the
 * host") on the stage, so encore.js carries none of them. The stage itself loads once
 * the overlay has a player to show (widget/ui/LazyPanel.tsx).
 */
export default reactive(function Stage() {
  const { video, m } = usePanelWidget();
  const phase = video?.player?.phase.value;
  if (!phase) return null;
  return (
    <div class="absolute inset-0 grid place-items-center" data-phase={phase}>
      <div
        ref={(element) => {
          if (element) video?.attach(element);
        }}
        data-testid="stage"
        class="absolute inset-0"
      />
      {phase === "idle" && (
        <button
          type="button"
          onClick={video?.player?.play}
          class="pointer-events-auto relative rounded-full bg-(--encore-accent) px-5 py-2.5 font-semibold text-(--encore-accent-ink)"
        >
          ▶ {m.video.play}
        </button>
      )}
    </div>
  );
});
