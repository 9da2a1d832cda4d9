const BADGES = [
  "from-zinc-300 to-zinc-500 text-zinc-900",
  "from-slate-200 to-sky-400 text-slate-900",
  "from-amber-200 to-amber-500 text-amber-950",
  "from-fuchsia-300 to-rose-500 text-white",
];

export function TierBadge({ index, name }: { index: number; name: string }) {
  return (
    <span
      data-testid="tier-badge"
      class={`inline-flex shrink-0 items-center rounded-full bg-gradient-to-br px-2 py-1 text-[11px] font-bold shadow ${BADGES[Math.min(index, BADGES.length - 1)]}`}
    >
      {name}
    </span>
  );
}
