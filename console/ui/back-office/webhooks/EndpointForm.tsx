import { useState } from "preact/hooks";
import type { WebhookEvent } from "../../../../protocol/commerce.js";
import type { EndpointDraft } from "../../../models/webhooks-admin.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { Field } from "../../parts/Field.js";
import { EVENTS, useEventNames } from "./words.js";

/** Adding or editing one address: its URL, an optional secret, and the events it takes as checkboxes. */
export function EndpointForm(props: {
  initial?: EndpointDraft;
  busy: boolean;
  submitLabel: string;
  onSubmit: (draft: EndpointDraft) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const { t } = useHost();
  const names = useEventNames();
  const [url, setUrl] = useState(props.initial?.url ?? "");
  const [secret, setSecret] = useState("");
  const [all, setAll] = useState(props.initial ? props.initial.events === null : true);
  const [picked, setPicked] = useState<WebhookEvent[]>(props.initial?.events ?? []);
  const [error, setError] = useState<string | null>(null);

  const toggle = (event: WebhookEvent, on: boolean) =>
    setPicked((now) => (on ? EVENTS.filter((e) => e === event || now.includes(e)) : now.filter((e) => e !== event)));

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!all && picked.length === 0) {
      setError(t.whPickEvents);
      return;
    }
    setError(null);
    const done = await props.onSubmit({ url, secret, events: all ? null : picked });
    if (done && !props.initial) {
      setUrl("");
      setSecret("");
      setAll(true);
      setPicked([]);
    }
  };

  return (
    <form
      onSubmit={submit}
      data-testid="webhook-form"
      class="flex flex-col gap-3 rounded-lg border border-white/10 bg-white/5 p-3"
    >
      <div class="grid gap-3 sm:grid-cols-2">
        <Field label={t.whUrl} type="url" required value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        <Field
          label={t.whSecret}
          hint={t.whSecretHint}
          value={secret}
          minLength={16}
          autoComplete="off"
          onInput={(e) => setSecret(e.currentTarget.value)}
        />
      </div>
      <fieldset class="flex flex-col gap-2 text-sm">
        <legend class="mb-1 text-xs text-[var(--host-muted)]">{t.whEvents}</legend>
        <label class="flex items-center gap-2">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
          {t.whAllEvents}
        </label>
        {!all && (
          <div class="grid gap-1 sm:grid-cols-2 lg:grid-cols-3">
            {EVENTS.map((event) => (
              <label key={event} class="flex items-center gap-2">
                <input
                  type="checkbox"
                  value={event}
                  checked={picked.includes(event)}
                  onChange={(e) => toggle(event, e.currentTarget.checked)}
                />
                {names[event]}
              </label>
            ))}
          </div>
        )}
        {error && (
          <span role="alert" class="text-xs text-rose-300">
            {error}
          </span>
        )}
      </fieldset>
      <div class="flex flex-wrap gap-2">
        <button
          type="submit"
          disabled={props.busy}
          class="rounded-md bg-[var(--host-accent)] px-3 py-1.5 text-sm font-semibold text-white hover:brightness-110 disabled:opacity-50"
        >
          {props.submitLabel}
        </button>
        {props.onCancel && <Button onClick={props.onCancel}>{t.whCancel}</Button>}
      </div>
    </form>
  );
}
