import { HISTORY_MS, type StatsPoint } from "../../models/history.js";

const W = 600;
const H = 120;

/** A polyline of one series over the chart's time window, scaled to its own maximum. */
function line(points: StatsPoint[], pick: (p: StatsPoint) => number, end: number, top: number): string {
  const start = end - HISTORY_MS;
  return points
    .map((p) => {
      const x = ((p.at - start) / HISTORY_MS) * W;
      const y = H - (pick(p) / top) * (H - 8) - 4;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
}

/** The last minutes of the room in inline SVG: comments and keyword matches per second, and viewers. */
export function Chart(props: {
  points: StatsPoint[];
  labels: { comments: string; matches: string; viewers: string; title: string };
}) {
  const { points, labels } = props;
  const end = points[points.length - 1]?.at ?? 0;
  const rateTop = Math.max(1, ...points.map((p) => Math.max(p.commentsPerSecond, p.matchesPerSecond)));
  const viewersTop = Math.max(1, ...points.map((p) => p.viewers));
  return (
    <figure class="flex flex-col gap-1">
      <figcaption class="flex flex-wrap items-center gap-3 text-xs text-[var(--host-muted)]">
        <span>{labels.title}</span>
        <span class="flex items-center gap-1">
          <i class="inline-block h-0.5 w-3 bg-sky-400" />
          {labels.comments}
        </span>
        <span class="flex items-center gap-1">
          <i class="inline-block h-0.5 w-3 bg-[var(--host-accent)]" />
          {labels.matches}
        </span>
        <span class="flex items-center gap-1">
          <i class="inline-block h-0.5 w-3 bg-emerald-400/70" />
          {labels.viewers}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        class="h-28 w-full rounded-md bg-black/25"
        role="img"
        aria-label={labels.title}
        data-points={points.length}
      >
        {[0.25, 0.5, 0.75].map((f) => (
          <line key={f} x1="0" x2={W} y1={H * f} y2={H * f} stroke="rgb(255 255 255 / 0.06)" />
        ))}
        {points.length > 1 && (
          <>
            <polyline
              points={line(points, (p) => p.viewers, end, viewersTop)}
              fill="none"
              stroke="rgb(52 211 153 / 0.7)"
              stroke-width="1.5"
              stroke-dasharray="4 3"
              vector-effect="non-scaling-stroke"
            />
            <polyline
              points={line(points, (p) => p.commentsPerSecond, end, rateTop)}
              fill="none"
              stroke="#38bdf8"
              stroke-width="2"
              vector-effect="non-scaling-stroke"
            />
            <polyline
              points={line(points, (p) => p.matchesPerSecond, end, rateTop)}
              fill="none"
              stroke="var(--host-accent)"
              stroke-width="2"
              vector-effect="non-scaling-stroke"
            />
          </>
        )}
      </svg>
    </figure>
  );
}
