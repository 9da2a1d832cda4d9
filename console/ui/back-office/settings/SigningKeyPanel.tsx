import { useSignal } from "@preact/signals";
import { fill } from "../../../i18n/index.js";
import { type SigningKeyModel, WINDOW_CHOICES, type WindowChoice } from "../../../models/signing-key.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { SelectField } from "../../parts/Field.js";
import { SecretOnce } from "./SecretOnce.js";
import { when, windowWord } from "./words.js";

/**
 * The viewer-token signing key: the current one by its kid and since when (never the key), the
 * replaced ones still verifying and until when, and a rotation with the window they keep.
 */
export function SigningKeyPanel(props: { model: SigningKeyModel }) {
  const { model } = props;
  const { t, locale, refusal } = useHost();
  const windowSeconds = useSignal<WindowChoice>(86_400);
  const current = model.current.value;
  const revealed = model.revealed.value;
  const date = (at: number) => when(locale.value, at);
  return (
    <div class="flex min-w-0 flex-col gap-3" data-testid="signing-key">
      <h3 class="text-sm font-semibold">{t.stSigningTitle}</h3>
      <p class="text-xs text-[var(--host-muted)]">{t.stSigningIntro}</p>
      {model.loaded.value && (
        <div class="flex flex-col gap-1 rounded-lg border border-white/10 bg-white/5 px-3 py-2 text-sm">
          <strong>{t.stSigningCurrent}</strong>
          {current ? (
            <>
              <span data-testid="signing-current" class="font-mono text-xs [overflow-wrap:anywhere]">
                {fill(t.stSigningKid, { kid: current.kid })}
              </span>
              <span class="text-xs text-[var(--host-muted)]">
                {fill(t.stSigningSince, { date: date(current.createdAt) })}
              </span>
            </>
          ) : (
            <span class="text-xs text-[var(--host-muted)]">{t.stSigningNone}</span>
          )}
          {model.previous.value.map((key) =>
            key.verifiesUntil === null ? null : (
              <span
                key={key.kid}
                data-testid="signing-previous"
                class="text-xs text-amber-100 [overflow-wrap:anywhere]"
              >
                {fill(t.stSigningPrevious, { kid: key.kid, date: date(key.verifiesUntil) })}
              </span>
            ),
          )}
        </div>
      )}
      {revealed && (
        <SecretOnce
          testId="new-signing-key"
          title={fill(t.stNewSigningKey, { kid: revealed.key.kid })}
          secret={revealed.secret}
          onDone={() => model.dismiss()}
        >
          <p>
            {fill(t.stNewSigningOnce, {
              date: date(revealed.previous?.verifiesUntil ?? revealed.key.createdAt),
            })}
          </p>
        </SecretOnce>
      )}
      <form
        class="flex flex-col gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          void model.rotate(windowSeconds.value);
        }}
      >
        <p class="text-xs text-[var(--host-muted)]">{t.stRotateSigningAsk}</p>
        <SelectField
          label={t.stSigningWindow}
          value={String(windowSeconds.value)}
          onChange={(event) => {
            windowSeconds.value = Number(event.currentTarget.value) as WindowChoice;
          }}
        >
          {WINDOW_CHOICES.map((seconds) => (
            <option key={seconds} value={String(seconds)}>
              {windowWord(t, seconds)}
            </option>
          ))}
        </SelectField>
        {model.refusal.value && (
          <p role="alert" class="text-sm text-rose-200">
            {refusal(model.refusal.value)}
          </p>
        )}
        <div>
          <Button type="submit" tone="accent" busy={model.rotating.value}>
            {t.stRotateSigning}
          </Button>
        </div>
      </form>
    </div>
  );
}
