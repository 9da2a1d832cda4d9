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
      <text x="6" y="14" fill="rgb(255 255 255 / 0.5)" font-size="12">
        {top}
      </text>
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
  );
}

/** Horizontal bars, one per row, each with its label and value. */
export function BarChart(props: { label: string; bars: { label: string; value: number; second?: number }[] }) {
  const { bars, label } = props;
  const top = Math.max(1, ...bars.map((b) => Math.max(b.value, b.second ?? 0)));
  const row = 22;
  const height = Math.max(row, bars.length * row);
  return (
    <svg
      viewBox={`0 0 ${W} ${height}`}
      preserveAspectRatio="xMinYMin meet"
      class="w-full"
      role="img"
      aria-label={label}
      style={{ height: `${height}px` }}
    >
      {bars.map((b, i) => {
        const y = i * row;
        const width = (b.value / top) * (W - 220);
        return (
          <g key={b.label}>
            <text x="0" y={y + 15} fill="rgb(255 255 255 / 0.7)" font-size="12">
              {b.label}
            </text>
            <rect
              x="150"
              y={y + 4}
              width={Math.max(1, width)}
              height={b.second === undefined ? 14 : 7}
              rx="2"
              fill="var(--host-accent)"
            />
            {b.second !== undefined && (
              <rect
                x="150"
                y={y + 12}
                width={Math.max(1, (b.second / top) * (W - 220))}
                height="7"
                rx="2"
                fill="rgb(52 211 153)"
              />
            )}
            <text x={W - 60} y={y + 15} fill="rgb(255 255 255 / 0.8)" font-size="12">
              {b.second === undefined ? b.value : `${b.value} / ${b.second}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
