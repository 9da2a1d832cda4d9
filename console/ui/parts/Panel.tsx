import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";

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
