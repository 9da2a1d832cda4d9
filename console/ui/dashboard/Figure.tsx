/** One headline number of the dashboard, its raw value kept in data-value for tests and tools. */
export function Figure(props: { id: string; label: string; value: number; show?: (v: number) => string }) {
  return (
    <div class="flex flex-col rounded-lg bg-black/20 px-3 py-2">
      <dt class="text-xs text-[var(--host-muted)]">{props.label}</dt>
      <dd class="text-xl font-semibold tabular-nums" data-figure={props.id} data-value={props.value}>
        {props.show ? props.show(props.value) : props.value}
      </dd>
    </div>
  );
}
