import { localized } from "../i18n/index.js";
import { reactive } from "../ui/reactive.js";
import styles from "./gate.css?inline";
import { usePanelWidget } from "./words/use-words.js";

/** this panel's own stylesheet: its classes are not in the first load's */
export const css = styles;

/**
 * A fan-only live (粉丝专场) seen from below its tier: what the room is, which tier opens it and how
 * far the viewer is from it. They may watch; the server refuses their beats, chests and claims
 * here (room_gated). Loaded only when a gate applies (models.gate), so open rooms never fetch it.
 */
export default reactive(function Gate() {
  const { models, m, locale } = usePanelWidget();
  const tier = models.gate.value;
  const room = models.connection.room.value;
  if (!tier || !room) return null;
  const name = localized(tier.name, locale);
  const wallet = models.wallet.wallet.value;
  return (
    <section
      data-testid="room-gate"
      aria-label={m.gate.label}
      class="pointer-events-auto w-full rounded-(--encore-radius) bg-(--encore-surface) px-3 py-2.5 shadow-xl ring-1 ring-(--encore-gold)/40 backdrop-blur"
    >
      <p class="flex items-center gap-1.5 text-[11px] font-semibold tracking-wide text-(--encore-gold) uppercase">
        <span aria-hidden="true">🔒</span>
        <span>{m.gate.label}</span>
      </p>
      <p class="mt-0.5 truncate text-sm font-semibold">{room.title}</p>
      <p class="text-xs">{m.gate.opens(name)}</p>
      <p class="mt-1 text-xs text-(--encore-muted)">
        {wallet ? m.gate.toGo(Math.max(0, tier.threshold - wallet.growth), name) : m.gate.guest}
      </p>
      <p class="text-xs text-(--encore-muted)">{m.gate.earnNothing}</p>
      {!wallet && (
        <button
          type="button"
          onClick={() => models.requestLogin("earn")}
          class="mt-1.5 rounded-full bg-(--encore-accent) px-3 py-1 text-xs font-semibold text-(--encore-accent-ink) focus-visible:outline-2 focus-visible:outline-white"
        >
          {m.login.action}
        </button>
      )}
    </section>
  );
});
