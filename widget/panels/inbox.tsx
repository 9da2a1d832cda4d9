import { reactive } from "../ui/reactive.js";
import { ContactSwitch } from "./inbox/ContactSwitch.js";
import { inboxList } from "./inbox/list.js";
import { TouchList } from "./inbox/TouchList.js";
import styles from "./inbox.css?inline";
import { focusOnMount } from "./parts/focus.js";
import { usePanelWidget } from "./words/use-words.js";

/** this panel's own stylesheet: its classes are not in the first load's */
export const css = styles;

/**
 * The "for you" sheet: what the shop sent between lives, and the switch to stop it. Loaded the
 * first time the viewer opens it (widget/ui/LazyPanel.tsx), shown while models.inbox.open is on;
 * opening it asks for the list and marks what it shows seen. Escape closes it.
 */
export default reactive(function InboxPanel() {
  const { models, m } = usePanelWidget();
  // the panel's model starts with its first render, asking for the list while the inbox is open
  inboxList(models);
  const close = () => {
    models.inbox.open.value = false;
  };
  return (
    <section
      role="dialog"
      aria-label={m.inbox.title}
      onKeyDown={(event) => {
        if (event.key === "Escape") close();
      }}
      class="pointer-events-auto absolute inset-x-0 bottom-0 flex max-h-[78%] flex-col rounded-t-3xl bg-zinc-950/95 text-(--encore-ink) shadow-2xl ring-1 ring-white/10 backdrop-blur motion-safe:animate-[encore-up_220ms_ease-out]"
    >
      <header class="flex items-center gap-3 px-4 pt-4 pb-2">
        <h2 ref={focusOnMount} tabIndex={-1} class="text-base font-bold outline-none">
          {m.inbox.title}
        </h2>
        <button
          type="button"
          onClick={close}
          aria-label={m.closePanel}
          class="ml-auto grid size-8 place-items-center rounded-full bg-white/10 text-sm hover:bg-white/20 focus-visible:outline-2 focus-visible:outline-white"
        >
          ✕
        </button>
      </header>
      <div class="min-h-0 flex-1 overflow-y-auto overscroll-contain px-4 pt-1 pb-3">
        <TouchList />
      </div>
      {/* the switch stays in sight however long the list: it must never take scrolling to find */}
      <footer class="px-4 pb-5">
        <ContactSwitch />
      </footer>
    </section>
  );
});
