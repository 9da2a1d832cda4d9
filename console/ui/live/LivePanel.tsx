import { fill } from "../../i18n/index.js";
import { sellOut } from "../../models/history.js";
import { useHost } from "../context.js";
import { count, duration, rate } from "../parts/format.js";
import { Panel } from "../parts/Panel.js";
import { Chart } from "./Chart.js";

function Tile(props: { label: string; value: string; testId: string; tone?: string }) {
  return (
    <div class="flex min-w-0 flex-col rounded-lg bg-black/25 px-3 py-2">
      <span class="truncate text-xs text-[var(--host-muted)]">{props.label}</span>
      <span data-testid={props.testId} class={`text-2xl font-bold tabular-nums ${props.tone ?? ""}`}>
        {props.value}
      </span>
    </div>
  );
}

/** The numbers a host glances at while talking: the room, the offer's claims, the last minutes. */
export function LivePanel() {
  const { model, t, locale } = useHost();
  const stats = model.stats.value;
  const offer = model.offer.value;
  const claim = stats?.offer && offer && stats.offer.id === offer.id ? stats.offer : null;
  const keyword = offer?.keyword ?? "1";
  const stock = claim?.stock ?? offer?.stock ?? 0;
  const claimed = claim?.claimed ?? (offer ? offer.stock - offer.remaining : 0);
  const share = stock > 0 ? Math.min(1, claimed / stock) : 0;
  // the claim count is as of the stats' own instant, so the projection measures from there
  const soldOut = offer && claim && stats ? sellOut(offer, claim, stats.at) : null;
  return (
    <Panel title={t.livePanel}>
      <div class="grid grid-cols-2 gap-2 xl:grid-cols-4">
        <Tile label={t.viewersNow} testId="stat-viewers" value={stats ? count(stats.viewers) : "–"} />
        <Tile
          label={t.commentsPerSecond}
          testId="stat-comments"
          value={stats ? rate(stats.commentsPerSecond) : "–"}
          tone="text-sky-300"
        />
        <Tile
          label={fill(t.matchesPerSecond, { keyword })}
          testId="stat-matches"
          value={stats ? rate(stats.matchesPerSecond) : "–"}
          tone="text-[var(--host-accent-soft)]"
        />
        <Tile
          label={t.pointsIssued}
          testId="stat-points"
          value={stats ? count(stats.pointsIssuedThisLive) : "–"}
          tone="text-amber-300"
        />
      </div>
      {offer && (
        <div class="flex flex-col gap-2 rounded-lg bg-black/25 px-3 py-2">
          <div class="flex flex-wrap items-baseline justify-between gap-2 text-sm">
            <span>
              <span class="text-[var(--host-muted)]">{t.claims} </span>
              <strong data-testid="stat-claims" class="text-xl tabular-nums">
                {count(claimed)} / {count(stock)}
              </strong>
            </span>
            {offer.mode === "draw" && (
              <span>
                <span class="text-[var(--host-muted)]">{t.entries} </span>
                <strong data-testid="stat-entries" class="tabular-nums">
                  {count(claim?.entries ?? 0)}
                </strong>
              </span>
            )}
            {offer.mode === "first_come" && (
              <span>
                <span class="text-[var(--host-muted)]">{t.timeToSellOut} </span>
                <strong data-testid="stat-sellout" class="tabular-nums">
                  {soldOut ? `${soldOut.projected ? "≈ " : ""}${duration(soldOut.ms, locale.value)}` : t.notSoldOut}
                </strong>
              </span>
            )}
          </div>
          <div
            role="progressbar"
            aria-label={t.claims}
            aria-valuemin={0}
            aria-valuemax={stock}
            aria-valuenow={claimed}
            class="h-2.5 overflow-hidden rounded-full bg-white/10"
          >
            <div
              class="h-full rounded-full bg-gradient-to-r from-[var(--host-accent)] to-amber-400 transition-[width] duration-300"
              style={{ width: `${(share * 100).toFixed(1)}%` }}
            />
          </div>
        </div>
      )}
      {stats ? (
        <Chart
          points={model.history.value}
          labels={{
            title: t.chartTitle,
            comments: t.chartComments,
            matches: t.chartMatches,
            viewers: t.chartViewers,
          }}
        />
      ) : (
        <p class="text-sm text-[var(--host-muted)]">{t.waitingForStats}</p>
      )}
    </Panel>
  );
}
