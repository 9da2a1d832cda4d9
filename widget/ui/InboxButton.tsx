import { reactive, useWidget } from "./reactive.js";

/**
 * Opens the "for you" inbox (widget/panels/inbox.tsx), with the count of touches not yet seen in
 * the gain's colours. Members only. The inbox closes the other sheets once its panel is here.
 */
export const InboxButton = reactive(function InboxButton() {
  const { models, m } = useWidget();
  const unseen = models.inbox.state.value?.unseen;
  if (unseen === undefined) return null;
  return (
    <button
      type="button"
      aria-haspopup="dialog"
      onClick={() => {
        models.inbox.open.value = true;
      }}
      class="pointer-events-auto flex h-9 items-center gap-1.5 rounded-full bg-(--encore-surface) px-3 text-xs font-semibold shadow-lg ring-1 ring-white/15 backdrop-blur hover:ring-white/40 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
    >
      {m.inbox.title}
      {unseen > 0 && (
        <span class="rounded-full bg-(--encore-gold) px-2 py-0.5 text-sm font-extrabold text-zinc-900">{unseen}</span>
      )}
    </button>
  );
});
