import { useHost } from "../context.js";

/** Each tier's tag colour, lowest first; the highest is used for any tier above (as the widget's badges). */
const TAGS = [
  "bg-zinc-500/30 text-zinc-200",
  "bg-sky-400/25 text-sky-200",
  "bg-amber-400/25 text-amber-200",
  "bg-fuchsia-400/25 text-fuchsia-200",
];

/** A viewer's tier, named as the shop names it in the console's language. */
export function TierTag(props: { tier: number }) {
  const { model, locale } = useHost();
  const tier = model.tiers.value[props.tier];
  if (!tier) return null;
  return (
    <span
      data-testid="tier-tag"
      class={`mr-1 inline-block rounded px-1.5 text-[11px] font-semibold ${TAGS[Math.min(props.tier, TAGS.length - 1)]}`}
    >
      {tier.name[locale.value]}
    </span>
  );
}
