/*
 * Each tier's badge, lowest first; the highest is used for any tier above. The gradients are
 * written as styles, not as Tailwind's from-/to- utilities: eight of those rules and their
 * properties cost more of the first load than these four strings.
 */
const BADGES: readonly (readonly [stops: string, ink: string])[] = [
  ["#d4d4d8,#71717b", "text-zinc-900"],
  ["#e2e8f0,#00bcfe", "text-slate-900"],
  ["#fee685,#f99c00", "text-amber-950"],
  ["#f2a9ff,#ff2357", "text-white"],
];

export function TierBadge({ index, name }: { index: number; name: string }) {
  const [stops, ink] = BADGES[Math.min(index, BADGES.length - 1)] as (typeof BADGES)[number];
  return (
    <span
      data-testid="tier-badge"
      class={`inline-flex shrink-0 items-center rounded-full px-2 py-1 text-[11px] font-bold shadow ${ink}`}
      style={{ background: `linear-gradient(to bottom right,${stops})` }}
    >
      {name}
    </span>
  );
}
