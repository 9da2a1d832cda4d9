import { fill } from "../../../i18n/index.js";
import type { ModerationAdminModel } from "../../../models/moderation-admin.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { inputClass } from "../../parts/Field.js";

/**
 * The blocked words, one a line. A save over someone else's change is refused: the editor says
 * so, offers a reload, and keeps what was typed through both.
 */
export function BlockedWords(props: { model: ModerationAdminModel }) {
  const { model } = props;
  const { t, refusal } = useHost();
  const state = model.words.value;
  return (
    <form
      class="flex flex-col gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        void model.saveWords();
      }}
    >
      <label for="blocked-words" class="text-sm font-semibold">
        {t.mdWords}
      </label>
      <textarea
        id="blocked-words"
        aria-describedby="blocked-words-hint"
        rows={5}
        value={model.draft.value}
        disabled={state.kind === "loading"}
        onInput={(event) => model.type(event.currentTarget.value)}
        class={`${inputClass} font-mono`}
      />
      <span id="blocked-words-hint" class="text-xs text-[var(--host-muted)]">
        {t.mdWordsHint}
      </span>
      {state.kind === "conflict" && (
        <div
          role="alert"
          class="flex flex-col gap-2 rounded-md border border-amber-300/40 bg-amber-400/10 p-2 text-sm text-amber-100"
        >
          <p class="[overflow-wrap:anywhere]">
            {state.theirs === null
              ? t.mdConflict
              : fill(t.mdTheirs, { words: state.theirs.length > 0 ? state.theirs.join("、") : t.mdNoWords })}
          </p>
          {state.theirs === null && (
            <div>
              <Button onClick={() => void model.reloadWords()}>{t.mdReload}</Button>
            </div>
          )}
        </div>
      )}
      {state.kind === "refused" && (
        <p role="alert" class="text-sm text-rose-200">
          {refusal(state.code)}
        </p>
      )}
      {state.kind === "saved" && (
        <p role="status" class="text-sm text-emerald-200">
          {t.mdSaved}
        </p>
      )}
      <div>
        <Button
          type="submit"
          tone="accent"
          busy={state.kind === "saving"}
          disabled={state.kind === "loading" || (state.kind === "conflict" && state.theirs === null)}
        >
          {t.mdSave}
        </Button>
      </div>
    </form>
  );
}
