import type { ButtonHTMLAttributes, ComponentChildren, InputHTMLAttributes, SelectHTMLAttributes } from "preact";
import { useId } from "preact/hooks";
import type { ActionName } from "../models/requests.js";
import { useHost } from "./context.js";

export function Panel(props: {
  title: string;
  aside?: ComponentChildren;
  children: ComponentChildren;
  class?: string;
}) {
  // one id per panel, whatever its title: titles repeat, and Chinese ones have no \w to tell apart
  const id = useId();
  return (
    <section
      aria-labelledby={id}
      class={`flex min-h-0 flex-col gap-3 rounded-xl border border-white/10 bg-[var(--host-panel)] p-4 ${props.class ?? ""}`}
    >
      <header class="flex items-center justify-between gap-2">
        <h2 id={id} class="text-xs font-semibold uppercase tracking-wider text-[var(--host-muted)]">
          {props.title}
        </h2>
        {props.aside}
      </header>
      {props.children}
    </section>
  );
}

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

export function Field(props: { label: string; children: ComponentChildren; class?: string }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the label's child, passed in as children
    <label class={`flex min-w-0 flex-col gap-1 text-xs text-[var(--host-muted)] ${props.class ?? ""}`}>
      <span>{props.label}</span>
      {props.children}
    </label>
  );
}

export const inputClass =
  "w-full min-w-0 rounded-md border border-white/15 bg-black/30 px-2 py-1.5 text-sm text-[var(--host-ink)] outline-none focus:border-[var(--host-accent)]";

export function Input(props: InputHTMLAttributes<HTMLInputElement>) {
  return <input {...props} class={inputClass} />;
}

export function Select(props: SelectHTMLAttributes<HTMLSelectElement> & { children: ComponentChildren }) {
  return <select {...props} class={inputClass} />;
}

export function Button(
  props: ButtonHTMLAttributes<HTMLButtonElement> & { tone?: "accent" | "danger" | "plain"; busy?: boolean },
) {
  const { tone = "plain", busy, class: extra, disabled, ...rest } = props;
  const tones = {
    accent: "bg-[var(--host-accent)] text-white hover:brightness-110",
    danger: "bg-rose-700 text-white hover:bg-rose-800",
    plain: "border border-white/15 bg-white/5 text-[var(--host-ink)] hover:bg-white/10",
  };
  return (
    <button
      type="button"
      {...rest}
      disabled={disabled || busy}
      aria-busy={busy ? "true" : undefined}
      class={`rounded-md px-3 py-1.5 text-sm font-semibold transition disabled:cursor-not-allowed disabled:opacity-50 ${tones[tone]} ${extra ?? ""}`}
    />
  );
}

/** The form's fields by name, as strings (FormData reads every control the same way). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of new FormData(form)) if (typeof value === "string") values[key] = value;
  return values;
}
