import { useSignal } from "@preact/signals";
import type { ApiKeyView } from "../../../../protocol/keys.js";
import { fill } from "../../../i18n/index.js";
import { type ApiKeysModel, GRACE_CHOICES, type GraceChoice } from "../../../models/api-keys.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { Field, SelectField } from "../../parts/Field.js";
import { SecretOnce } from "./SecretOnce.js";
import { graceWord, keyName, keyStateWord, when } from "./words.js";

/** The shop's API keys: a new one by name (shown once), each live one revocable and rotatable. */
export function ApiKeysPanel(props: { model: ApiKeysModel }) {
  const { model } = props;
  const { t, locale, refusal } = useHost();
  const name = useSignal("");
  const refused = model.refusal.value;
  const revealed = model.revealed.value;
  const keys = model.keys.value;
  return (
    <div class="flex min-w-0 flex-col gap-3" data-testid="api-keys">
      <h3 class="text-sm font-semibold">{t.stKeysTitle}</h3>
      <p class="text-xs text-[var(--host-muted)]">{t.stKeysIntro}</p>
      <form
        class="flex flex-wrap items-start gap-2"
        onSubmit={async (event) => {
          event.preventDefault();
          if (await model.create(name.value)) name.value = "";
        }}
      >
        <Field
          class="min-w-0 flex-1 basis-40"
          label={t.stKeyName}
          hint={t.stKeyNameHint}
          value={name.value}
          maxLength={60}
          error={refused?.action === "create" && refused.nameField ? t.stKeyNameError : null}
          onInput={(event) => {
            name.value = event.currentTarget.value;
          }}
        />
        <Button type="submit" tone="accent" busy={model.busy.value === "create"} class="mt-5">
          {t.stCreateKey}
        </Button>
      </form>
      {refused && !refused.nameField && (refused.action === "create" || refused.action === "load") && (
        <p role="alert" class="text-sm text-rose-200">
          {refusal(refused.code)}
        </p>
      )}
      {revealed && (
        <SecretOnce
          testId="new-api-key"
          title={fill(t.stNewKey, { name: keyName(t, revealed.key.name) })}
          secret={revealed.secret}
          onDone={() => model.dismiss()}
        >
          <p>{t.stNewKeyOnce}</p>
          {revealed.previous &&
            (revealed.previous.state === "expiring" && revealed.previous.revokedAt !== null ? (
              <p>{fill(t.stRotatedOld, { date: when(locale.value, revealed.previous.revokedAt) })}</p>
            ) : (
              <p>{t.stRotatedOldNow}</p>
            ))}
        </SecretOnce>
      )}
      {keys?.length === 0 && <p class="text-sm text-[var(--host-muted)]">{t.stNoKeys}</p>}
      <ul aria-label={t.stKeysLabel} class="flex flex-col gap-2">
        {keys?.map((key) => (
          <KeyRow key={key.id} model={model} apiKey={key} />
        ))}
      </ul>
    </div>
  );
}

function KeyRow(props: { model: ApiKeysModel; apiKey: ApiKeyView }) {
  const { model, apiKey } = props;
  const { t, locale, refusal } = useHost();
  const asking = useSignal<"revoke" | "rotate" | null>(null);
  // an hour by default: long enough to deploy the new key, short enough to retire a leaked one
  const grace = useSignal<GraceChoice>(3600);
  const refused = model.refusal.value?.action === apiKey.id ? model.refusal.value : null;
  const date = (at: number) => when(locale.value, at);
  const lines = [
    fill(t.stKeyCreated, { date: date(apiKey.createdAt) }),
    apiKey.lastUsedAt === null ? t.stKeyNeverUsed : fill(t.stKeyLastUsed, { date: date(apiKey.lastUsedAt) }),
    ...(apiKey.revokedAt === null
      ? []
      : [fill(apiKey.state === "expiring" ? t.stKeyExpiring : t.stKeyRevokedAt, { date: date(apiKey.revokedAt) })]),
  ];
  const live = apiKey.state === "live";
  const busy = model.busy.value === apiKey.id;
  return (
    <li
      data-testid="api-key"
      data-state={apiKey.state}
      class="flex flex-col gap-2 rounded-lg border border-white/10 bg-white/5 px-3 py-2"
    >
      <div class="flex flex-wrap items-center justify-between gap-2">
        <div class="flex min-w-0 flex-1 flex-col">
          <strong class="text-sm [overflow-wrap:anywhere]">{keyName(t, apiKey.name)}</strong>
          <span class="font-mono text-xs text-[var(--host-muted)] [overflow-wrap:anywhere]">
            {fill(t.stKeyStarts, { prefix: `${apiKey.prefix}…` })}
          </span>
          <span class="text-xs text-[var(--host-muted)]">{lines.join(" · ")}</span>
        </div>
        <span
          class={`shrink-0 rounded-full px-2 py-0.5 text-xs ${live ? "bg-emerald-700/60" : apiKey.state === "expiring" ? "bg-amber-600/60" : "bg-white/10 text-[var(--host-muted)]"}`}
        >
          {keyStateWord(t, apiKey.state)}
        </span>
      </div>
      {live && asking.value === null && (
        <div class="flex flex-wrap gap-2">
          <Button onClick={() => (asking.value = "rotate")}>{t.stRotate}</Button>
          <Button tone="danger" onClick={() => (asking.value = "revoke")}>
            {t.stRevoke}
          </Button>
        </div>
      )}
      {live && asking.value === "revoke" && (
        <div class="flex flex-col gap-2">
          <p class="text-sm [overflow-wrap:anywhere]">{fill(t.stRevokeAsk, { name: keyName(t, apiKey.name) })}</p>
          <div class="flex flex-wrap gap-2">
            <Button
              tone="danger"
              busy={busy}
              onClick={async () => {
                if (await model.revoke(apiKey.id)) asking.value = null;
              }}
            >
              {t.stRevokeConfirm}
            </Button>
            <Button onClick={() => (asking.value = null)}>{t.stCancel}</Button>
          </div>
        </div>
      )}
      {live && asking.value === "rotate" && (
        <form
          class="flex flex-col gap-2"
          onSubmit={async (event) => {
            event.preventDefault();
            if (await model.rotate(apiKey.id, grace.value)) asking.value = null;
          }}
        >
          <p class="text-sm [overflow-wrap:anywhere]">{fill(t.stRotateAsk, { name: keyName(t, apiKey.name) })}</p>
          <SelectField
            label={t.stGrace}
            value={String(grace.value)}
            onChange={(event) => {
              grace.value = Number(event.currentTarget.value) as GraceChoice;
            }}
          >
            {GRACE_CHOICES.map((seconds) => (
              <option key={seconds} value={String(seconds)}>
                {graceWord(t, seconds)}
              </option>
            ))}
          </SelectField>
          <div class="flex flex-wrap gap-2">
            <Button type="submit" tone="accent" busy={busy}>
              {t.stRotateConfirm}
            </Button>
            <Button onClick={() => (asking.value = null)}>{t.stCancel}</Button>
          </div>
        </form>
      )}
      {refused && (
        <p role="alert" class="text-sm text-rose-200">
          {refusal(refused.code)}
        </p>
      )}
    </li>
  );
}
