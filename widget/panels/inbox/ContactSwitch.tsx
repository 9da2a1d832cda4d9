import { errorText } from "../../i18n/index.js";
import { reactive } from "../../ui/reactive.js";
import { usePanelWidget } from "../words/use-words.js";
import { inboxList } from "./list.js";

/** The viewer's own switch: no messages between lives (the shop's automations all honour it). */
export const ContactSwitch = reactive(function ContactSwitch() {
  const { models, m } = usePanelWidget();
  const { contactError, setOptOut } = inboxList(models);
  const { state } = models.inbox;
  const optedOut = state.value?.optedOut ?? false;
  return (
    <div class="flex flex-col gap-1 border-t border-white/10 pt-3">
      <button
        type="button"
        role="switch"
        aria-checked={optedOut}
        onClick={() => void setOptOut(!optedOut)}
        class="flex items-center justify-between gap-3 text-left text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
      >
        {m.inbox.optOut}
        <span
          aria-hidden="true"
          class={`flex h-6 w-10 shrink-0 items-center rounded-full p-0.5 ${optedOut ? "justify-end bg-(--encore-accent)" : "justify-start bg-white/20"}`}
        >
          <span class="size-5 rounded-full bg-white shadow" />
        </span>
      </button>
      <p class="text-[11px] text-(--encore-muted)">{optedOut ? m.inbox.optedOut : m.inbox.optedIn}</p>
      {contactError.value && (
        <p role="alert" class="text-xs text-rose-200">
          {errorText(m, contactError.value)}
        </p>
      )}
    </div>
  );
});
