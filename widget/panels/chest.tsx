import { errorText } from "../i18n/index.js";
import { reactive } from "../ui/reactive.js";
import styles from "./chest.css?inline";
import { chestClaim } from "./chest-claim.js";
import { usePanelWidget } from "./words/use-words.js";

/** this panel's own stylesheet: its classes are not in the first load's */
export const css = styles;

/**
 * The attention chest: appears every so many verified minutes and must be opened in time. Loaded
 * the first time a chest (or a refusal to open one) appears (widget/ui/LazyPanel.tsx).
 */
export default reactive(function ChestButton() {
  const { models, m } = usePanelWidget();
  const { chest, chestError } = models.watch;
  const { claiming, claim } = chestClaim(models);
  const current = chest.value;
  if (!current && !chestError.value) return null;
  return (
    <div class="pointer-events-auto flex flex-col items-end gap-1">
      {current && (
        <button
          type="button"
          onClick={() => void claim()}
          disabled={claiming.value}
          aria-label={m.chest.open(current.points)}
          class="grid size-14 place-items-center rounded-2xl bg-gradient-to-b from-amber-300 to-amber-500 text-2xl shadow-xl ring-2 ring-amber-100/60 motion-safe:animate-bounce focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white disabled:opacity-60"
        >
          <span aria-hidden="true">🎁</span>
        </button>
      )}
      {chestError.value && (
        <p role="status" class="max-w-44 rounded-lg bg-(--encore-surface) px-2 py-1 text-right text-xs text-rose-200">
          {errorText(m, chestError.value)}
        </p>
      )}
    </div>
  );
});
