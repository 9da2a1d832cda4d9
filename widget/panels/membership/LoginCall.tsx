import { reactive } from "../../ui/reactive.js";
import { usePanelWidget } from "../words/use-words.js";

/** A guest's way in from the membership panel: what membership gives, and the page's login. */
export const LoginCall = reactive(function LoginCall() {
  const { models, m } = usePanelWidget();
  return (
    <div class="rounded-xl bg-gradient-to-br from-(--encore-accent)/30 to-white/5 p-4 ring-1 ring-white/10">
      <p class="font-semibold">{m.login.title}</p>
      <p class="mt-1 text-xs text-(--encore-muted)">{m.login.body}</p>
      <button
        type="button"
        onClick={() => models.requestLogin("earn")}
        class="mt-3 rounded-full bg-(--encore-accent) px-4 py-2 text-sm font-bold text-(--encore-accent-ink) shadow focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
      >
        {m.login.action}
      </button>
    </div>
  );
});
