import type { ActionName } from "../../models/requests.js";
import { useHost } from "../context.js";

/** The last refusal of one action, in words, until the host dismisses it or tries again. */
export function RefusalNote(props: { action: ActionName }) {
  const { model, t, refusal } = useHost();
  const found = model.requests.refusals.value[props.action];
  if (!found) return null;
  return (
    <div
      role="alert"
      class="flex items-start justify-between gap-2 rounded-lg border border-rose-400/40 bg-rose-500/15 px-3 py-2 text-sm text-rose-100"
    >
      <span>{refusal(found.code)}</span>
      <button
        type="button"
        class="shrink-0 text-xs text-rose-200 underline"
        onClick={() => model.requests.dismiss(props.action)}
      >
        {t.dismiss}
      </button>
    </div>
  );
}
