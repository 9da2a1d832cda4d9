import { yuanFigure } from "../../../client/money.js";
import type { Insight } from "../../../protocol/insight.js";
import { fill } from "../../i18n/index.js";
import { useHost } from "../context.js";
import { duration } from "../parts/format.js";
import { Panel } from "../parts/Panel.js";
import { BarChart, LineChart } from "./charts.js";
import { DataTable } from "./DataTable.js";
import { Figure } from "./Figure.js";
import { useTemplateText } from "./template-text.js";

/** This live: who watched and for how long, and how each deal did. */
export function LiveSection(props: { data: Insight }) {
  const { t, locale } = useHost();
  const { live, at } = props.data;
  const templateText = useTemplateText(props.data);
  const offerText = new Map(live.offers.map((o) => [o.id, templateText(o.templateId)]));
  const time = (ms: number) => new Date(ms).toLocaleTimeString(locale.value, { hour: "2-digit", minute: "2-digit" });
  if (live.since === null) return <p class="text-sm text-[var(--host-muted)]">{t.notLiveYet}</p>;
  const bucket = (b: { fromMinutes: number; toMinutes: number | null }) =>
    b.toMinutes === null
      ? fill(t.minutesOver, { from: b.fromMinutes })
      : fill(t.minutesRange, { from: b.fromMinutes, to: b.toMinutes });
  return (
    <>
      <p class="text-xs text-[var(--host-muted)]">{fill(t.liveSince, { time: time(live.since) })}</p>
      <dl class="grid grid-cols-2 gap-2 md:grid-cols-4">
        <Figure id="live-watchers" label={t.watchers} value={live.watch.viewers} />
        <Figure
          id="live-average-watch"
          label={t.averageWatch}
          value={live.watch.averageMinutes}
          show={(v) => v.toFixed(1)}
        />
        <Figure id="live-points" label={t.pointsIssued} value={live.pointsIssued} />
        <Figure
          id="live-peak-viewers"
          label={t.peakViewers}
          value={Math.max(0, ...live.viewers.map((p) => p.viewers))}
        />
      </dl>
      <div class="grid gap-4 lg:grid-cols-2">
        <Panel title={t.viewersOverTime}>
          {live.viewers.length === 0 ? (
            <p class="text-sm text-[var(--host-muted)]">{t.noSamples}</p>
          ) : (
            <LineChart label={t.viewersOverTime} points={live.viewers.map((p) => ({ at: p.at, value: p.viewers }))} />
          )}
        </Panel>
        <Panel title={t.watchDistribution}>
          <BarChart
            label={t.watchDistribution}
            bars={live.watch.distribution.map((b) => ({ label: bucket(b), value: b.viewers }))}
          />
        </Panel>
      </div>
      <DataTable
        title={t.offersTable}
        at={at}
        columns={[
          { label: t.offerCol, show: (v) => offerText.get(String(v)) ?? String(v) },
          { label: t.startedCol, show: (v) => time(Number(v)) },
          { label: t.stockCol },
          { label: t.claimsCol },
          { label: t.sellOutCol, show: (v) => (v === null ? t.notSoldOut : duration(Number(v), locale.value)) },
          { label: t.redeemedCol },
          { label: t.revenueCol, show: (v) => yuanFigure(Number(v)) },
          { label: t.couponCol, csvOnly: true },
        ]}
        rows={live.offers.map((o) => [
          o.id,
          o.startedAt,
          o.stock,
          o.claimed,
          o.soldOutMs,
          o.redeemed,
          o.revenue,
          offerText.get(o.id) ?? "",
        ])}
      />
      <DataTable
        title={t.watchDistribution}
        at={at}
        columns={[{ label: t.watchDistribution }, { label: t.viewersCol }]}
        rows={live.watch.distribution.map((b) => [bucket(b), b.viewers])}
      />
    </>
  );
}
