/** Small inline SVG charts for the dashboard; no chart library, nothing loaded in the viewer's widget. */

const W = 600;
const H = 140;

/** One series over time, scaled to its own maximum, with the maximum written in the corner. */
export function LineChart(props: { label: string; points: { at: number; value: number }[] }) {
  const { points, label } = props;
  const first = points[0]?.at ?? 0;
  const span = Math.max(1, (points[points.length - 1]?.at ?? 0) - first);
  const top = Math.max(1, ...points.map((p) => p.value));
  const path = points
    .map((p) => {
      const x = points.length === 1 ? W / 2 : ((p.at - first) / span) * W;
      const y = H - (p.value / top) * (H - 16) - 4;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
  return (
    <div class="relative">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        class="h-32 w-full rounded-md bg-black/25"
        role="img"
        aria-label={label}
        data-points={points.length}
      >
        {[0.25, 0.5, 0.75].map((f) => (
          <line key={f} x1="0" x2={W} y1={H * f} y2={H * f} stroke="rgb(255 255 255 / 0.06)" />
        ))}
        {points.length > 0 && (
          <polyline
            points={path}
            fill="none"
            stroke="rgb(52 211 153)"
            stroke-width="2"
            vector-effect="non-scaling-stroke"
          />
        )}
      </svg>
      {/* the maximum in HTML: text inside a stretched SVG is stretched with it */}
      <span aria-hidden="true" class="absolute top-1 left-1.5 text-xs tabular-nums text-white/50">
        {top}
      </span>
    </div>
  );
}

/**
 * Horizontal bars, one per row, each with its label and value. Plain HTML rather than SVG: a
 * scaled SVG shrinks its words with it, down to a few pixels on a phone.
 */
export function BarChart(props: { label: string; bars: { label: string; value: number; second?: number }[] }) {
  const { bars, label } = props;
  const top = Math.max(1, ...bars.map((b) => Math.max(b.value, b.second ?? 0)));
  const width = (value: number) => ({ width: `${((value / top) * 100).toFixed(1)}%`, minWidth: "1px" });
  return (
    <div role="img" aria-label={label} class="flex flex-col gap-1.5 text-xs">
      {bars.map((b) => (
        <div key={b.label} class="grid grid-cols-[minmax(72px,30%)_1fr_auto] items-center gap-2">
          <span class="break-words text-[var(--host-muted)]">{b.label}</span>
          <span class="flex flex-col gap-0.5">
            <span class="block h-2 rounded-sm bg-[var(--host-accent)]" style={width(b.value)} />
            {b.second !== undefined && <span class="block h-2 rounded-sm bg-emerald-400" style={width(b.second)} />}
          </span>
          <span class="tabular-nums">{b.second === undefined ? b.value : `${b.value} / ${b.second}`}</span>
        </div>
      ))}
    </div>
  );
}
