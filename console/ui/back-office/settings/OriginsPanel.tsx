import { fill } from "../../../i18n/index.js";
import type { OriginsModel } from "../../../models/origins.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { Field } from "../../parts/Field.js";

/**
 * The pages allowed to embed the widget. The server says what is an origin; a save over someone
 * else's change is refused, and the panel says so, offers a reload and keeps what was typed.
 */
export function OriginsPanel(props: { model: OriginsModel }) {
  const { model } = props;
  const { t, refusal } = useHost();
  const state = model.state.value;
  const origins = model.origins.value;
  const fieldError = model.fieldError.value;
  const blocked = state.kind === "loading" || state.kind === "conflict";
  return (
    <div class="flex min-w-0 flex-col gap-3" data-testid="allowed-origins">
      <h3 class="text-sm font-semibold">{t.stOriginsTitle}</h3>
      <p class="text-xs text-[var(--host-muted)]">{t.stOriginsIntro}</p>
      {origins?.length === 0 && <p class="text-sm text-[var(--host-muted)]">{t.stNoOrigins}</p>}
      <ul aria-label={t.stOriginsLabel} class="flex flex-col gap-2 empty:hidden">
        {origins?.map((origin) => (
          <li
            key={origin}
            data-testid="allowed-origin"
            class="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-white/10 bg-white/5 px-3 py-2"
          >
            <span class="min-w-0 flex-1 font-mono text-sm [overflow-wrap:anywhere]">{origin}</span>
            <Button
              aria-label={fill(t.stRemoveOrigin, { origin })}
              busy={model.removing.value === origin}
              disabled={blocked}
              onClick={() => void model.remove(origin)}
            >
              {t.stRemove}
            </Button>
          </li>
        ))}
      </ul>
      <form
        class="flex flex-wrap items-start gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          void model.add();
        }}
      >
        <Field
          class="min-w-0 flex-1 basis-56"
          label={t.stOrigin}
          hint={t.stOriginHint}
          value={model.typed.value}
          inputMode="url"
          maxLength={200}
          error={fieldError === "invalid" ? t.stOriginInvalid : fieldError === "too_many" ? t.stOriginsTooMany : null}
          onInput={(event) => model.type(event.currentTarget.value)}
        />
        <Button
          type="submit"
          tone="accent"
          class="mt-5"
          busy={state.kind === "saving" && model.removing.value === null}
          disabled={blocked}
        >
          {t.stAddOrigin}
        </Button>
      </form>
      {state.kind === "conflict" && (
        <div
          role="alert"
          class="flex flex-col gap-2 rounded-md border border-amber-300/40 bg-amber-400/10 p-2 text-sm text-amber-100"
        >
          <p>{t.stOriginsConflict}</p>
          <div>
            <Button onClick={() => void model.reload()}>{t.stReload}</Button>
          </div>
        </div>
      )}
      {state.kind === "refused" && (
        <p role="alert" class="text-sm text-rose-200">
          {refusal(state.code)}
        </p>
      )}
      {state.kind === "saved" && (
        <p role="status" class="text-sm text-emerald-200">
          {t.stOriginsSaved}
        </p>
      )}
    </div>
  );
}
