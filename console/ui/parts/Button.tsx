import type { ButtonHTMLAttributes } from "preact";

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
