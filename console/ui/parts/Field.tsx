import type { ComponentChildren, InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from "preact";
import { useId } from "preact/hooks";

export const inputClass =
  "w-full min-w-0 rounded-md border border-white/15 bg-black/30 px-2 py-1.5 text-sm text-[var(--host-ink)] outline-none focus:border-[var(--host-accent)]";

interface FieldFrame {
  label: string;
  /** a line under the control saying what it takes */
  hint?: string | undefined;
  /** why what was typed is refused; marks the control invalid */
  error?: string | null | undefined;
  /** the field's place in its form's grid (col-span-2, …) */
  class?: string | undefined;
}

type InputFieldProps = FieldFrame & InputHTMLAttributes<HTMLInputElement>;
type TextAreaFieldProps = FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement>;
type SelectFieldProps = FieldFrame & SelectHTMLAttributes<HTMLSelectElement> & { children: ComponentChildren };

/**
 * One row of a console form: its label tied to the control (tests and screen readers find a field
 * by its label), the control, and the hint and the error under it, read out with the control.
 */
function FieldRow(props: FieldFrame & { control: (ids: { id: string; describedBy?: string }) => ComponentChildren }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [props.hint && hintId, props.error && errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`flex min-w-0 flex-col gap-1 text-xs text-[var(--host-muted)] ${props.class ?? ""}`}>
      <label for={id}>{props.label}</label>
      {props.control(describedBy ? { id, describedBy } : { id })}
      {props.hint && <span id={hintId}>{props.hint}</span>}
      {props.error && (
        <span id={errorId} role="alert" class="text-rose-300">
          {props.error}
        </span>
      )}
    </div>
  );
}

/** A labelled text or number input. */
export function Field(props: InputFieldProps) {
  const { label, hint, error, class: place, ...input } = props;
  return (
    <FieldRow
      label={label}
      hint={hint}
      error={error}
      class={place}
      control={({ id, describedBy }) => (
        <input
          {...(input as InputHTMLAttributes<HTMLInputElement>)}
          id={id}
          aria-describedby={describedBy}
          aria-invalid={error ? "true" : undefined}
          class={inputClass}
        />
      )}
    />
  );
}

/** A labelled select; its options are the children. */
export function SelectField(props: SelectFieldProps) {
  const { label, hint, error, class: place, children, ...select } = props;
  return (
    <FieldRow
      label={label}
      hint={hint}
      error={error}
      class={place}
      control={({ id, describedBy }) => (
        <select
          {...(select as SelectHTMLAttributes<HTMLSelectElement>)}
          id={id}
          aria-describedby={describedBy}
          aria-invalid={error ? "true" : undefined}
          class={inputClass}
        >
          {children}
        </select>
      )}
    />
  );
}

/** A labelled text area, for a list typed one item a line. */
export function TextAreaField(props: TextAreaFieldProps) {
  const { label, hint, error, class: place, ...area } = props;
  return (
    <FieldRow
      label={label}
      hint={hint}
      error={error}
      class={place}
      control={({ id, describedBy }) => (
        <textarea
          {...(area as TextareaHTMLAttributes<HTMLTextAreaElement>)}
          id={id}
          aria-describedby={describedBy}
          aria-invalid={error ? "true" : undefined}
          class={`${inputClass} resize-y`}
        />
      )}
    />
  );
}
