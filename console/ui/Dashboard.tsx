import { useSignal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { yuanFigure as yuan } from "../../client/money.js";
import type { ExperimentView, HOLDOUT_ARM, Incentive, Insight } from "../../protocol/insight.js";
import { fill } from "../i18n/index.js";
import { type Cell, csvName, toCsv } from "../models/csv.js";
import { BarChart, LineChart } from "./charts.js";
import { useHost } from "./context.js";
import { couponText } from "./coupon.js";
import { duration } from "./format.js";
import { Button, Field, formValues, Input, Panel, RefusalNote, Select } from "./parts.js";

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const points = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}`;

interface Column {
  label: string;
  /** how a cell reads on screen; the CSV keeps the raw value */
  show?: (value: Cell) => string;
  /** in the CSV only: a name beside a raw id the screen already shows by name */
  csvOnly?: boolean;
}

/** A table with its CSV: the file holds the same rows, raw (cents, ratios), not as formatted here. */
function DataTable(props: { title: string; columns: Column[]; rows: Cell[][]; at: number; chart?: ComponentChildren }) {
  const { t } = useHost();
  const { title, columns, rows, at } = props;
  const download = () => {
    const blob = new Blob(
      [
        `\uFEFF${toCsv(
          columns.map((c) => c.label),
          rows,
        )}`,
      ],
      { type: "text/csv;charset=utf-8" },
    );
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = csvName(title, at);
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };
  return (
    <Panel
      title={title}
      aside={
        <Button class="!px-2 !py-0.5 text-xs" aria-label={fill(t.csvOf, { table: title })} onClick={download}>
          {t.csv}
        </Button>
      }
    >
      {props.chart}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than a phone scrolls sideways, by keys too (WCAG 2.1.1) */}
      <section aria-label={title} tabIndex={0} class="overflow-x-auto">
        <table aria-label={title} class="w-full text-left text-sm tabular-nums">
          <thead class="text-xs text-[var(--host-muted)]">
            <tr>
              {columns.map((c) =>
                c.csvOnly ? null : (
                  <th key={c.label} scope="col" class="px-2 py-1 font-medium whitespace-nowrap">
                    {c.label}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={r} class="border-t border-white/5">
                {row.map((cell, i) =>
                  columns[i]?.csvOnly ? null : (
                    <td key={i} data-value={cell ?? ""} class="px-2 py-1 whitespace-nowrap">
                      {columns[i]?.show ? columns[i].show(cell) : (cell ?? "—")}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Panel>
  );
}

function Figure(props: { id: string; label: string; value: number; show?: (v: number) => string }) {
  return (
    <div class="flex flex-col rounded-lg bg-black/20 px-3 py-2">
      <dt class="text-xs text-[var(--host-muted)]">{props.label}</dt>
      <dd class="text-xl font-semibold tabular-nums" data-figure={props.id} data-value={props.value}>
        {props.show ? props.show(props.value) : props.value}
      </dd>
    </div>
  );
}

/** The holdout's arm key, spelled here: protocol/insight.ts carries zod, which the console must not load. */
const HOLDOUT: typeof HOLDOUT_ARM = "holdout";

/** A template the insight names by id, by its name and terms; one it does not know is said to be gone. */
function useTemplateText(data: Insight): (templateId: string | undefined) => string {
  const { t, locale } = useHost();
  return (templateId) => {
    const template = data.templates.find((x) => x.id === templateId);
    return template ? couponText(locale.value, template) : t.templateGone;
  };
}

function LiveSection(props: { data: Insight }) {
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
          { label: t.revenueCol, show: (v) => yuan(Number(v)) },
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

function ShopSection(props: { data: Insight }) {
  const { t, model, locale } = useHost();
  const { shop, at } = props.data;
  const tierName = (key: string) => {
    const tier = model.tiers.value.find((x) => x.key === key);
    return tier ? tier.name[locale.value] : key;
  };
  const sourceName = (source: string) => (t as unknown as Record<string, string>)[`source_${source}`] ?? source;
  const weeks = shop.cohorts[0]?.retained.length ?? 4;
  return (
    <>
      <dl class="grid grid-cols-2 gap-2 md:grid-cols-5">
        <Figure id="repurchase-rate" label={t.repurchaseRate} value={shop.repurchaseRate} show={percent} />
        <Figure id="buyers" label={t.buyers} value={shop.buyers} />
        <Figure id="repeat-buyers" label={t.repeatBuyers} value={shop.repeatBuyers} />
        <Figure id="revenue-total" label={t.revenueTotal} value={shop.revenue.total} show={yuan} />
        <Figure id="revenue-with-coupon" label={t.revenueWithCoupon} value={shop.revenue.withCoupon} show={yuan} />
      </dl>
      <DataTable
        title={t.cohortsTable}
        at={at}
        columns={[
          { label: t.cohortCol, show: (v) => new Date(Number(v)).toISOString().slice(0, 10) },
          { label: t.buyers },
          ...Array.from({ length: weeks }, (_, k) => ({ label: fill(t.weekN, { n: k + 1 }) })),
        ]}
        rows={shop.cohorts.map((c) => [c.weekStart, c.buyers, ...c.retained])}
      />
      <div class="grid gap-4 lg:grid-cols-2">
        <DataTable
          title={t.tiersTable}
          at={at}
          columns={[{ label: t.tierCol }, { label: t.viewersCol }]}
          rows={shop.tiers.map((x) => [tierName(x.tier), x.viewers])}
          chart={
            <BarChart
              label={t.tiersTable}
              bars={shop.tiers.map((x) => ({ label: tierName(x.tier), value: x.viewers }))}
            />
          }
        />
        <DataTable
          title={t.segmentsTable}
          at={at}
          columns={[{ label: t.segmentCol }, { label: t.viewersCol }]}
          rows={[
            [t.segmentHighIntent, shop.segments.highIntent],
            [t.segmentNewBuyer, shop.segments.newBuyer],
            [t.segmentDormant, shop.segments.dormant],
          ]}
        />
      </div>
      <DataTable
        title={t.couponsTable}
        at={at}
        columns={[{ label: t.sourceCol }, { label: t.issuedCol }, { label: t.redeemedCol }]}
        rows={shop.coupons.map((c) => [sourceName(c.source), c.issued, c.redeemed])}
        chart={
          <BarChart
            label={t.couponsTable}
            bars={shop.coupons.map((c) => ({ label: sourceName(c.source), value: c.issued, second: c.redeemed }))}
          />
        }
      />
    </>
  );
}

function ExperimentCard(props: { experiment: ExperimentView; data: Insight }) {
  const { t, model } = useHost();
  const { experiment: e, data } = props;
  const { at } = data;
  const words = t as unknown as Record<string, string>;
  const templateText = useTemplateText(data);
  /** an arm by its key and what it gives: a coupon by name, a watch rate in points */
  const armText = (key: string) => {
    if (key === HOLDOUT) return t.holdoutArm;
    const arm = e.arms.find((a) => a.key === key);
    if (arm?.pointsPerBlock !== undefined) return `${key} · ${fill(t.pointsPerBlockArm, { n: arm.pointsPerBlock })}`;
    return arm?.templateId ? `${key} · ${templateText(arm.templateId)}` : key;
  };
  return (
    <div class="flex flex-col gap-2 rounded-lg border border-white/10 p-3" data-experiment={e.id}>
      <div class="flex items-center justify-between gap-2">
        <div>
          <span class="font-semibold">{e.name}</span>{" "}
          <span class="text-xs text-[var(--host-muted)]">
            {words[`incentive_${e.incentive}`]} · {e.status === "running" ? t.running : t.stopped}
          </span>
        </div>
        {e.status === "running" && (
          <Button
            tone="danger"
            busy={model.requests.busy.value.has("experimentStop")}
            onClick={() => void model.stopExperiment(e.id)}
          >
            {t.stopExperiment}
          </Button>
        )}
      </div>
      <DataTable
        title={`${t.experiments}: ${e.name}`}
        at={at}
        columns={[
          { label: t.armCol, show: (v) => armText(String(v)) },
          { label: t.exposedCol },
          { label: t.claimRateCol, show: (v) => percent(Number(v)) },
          { label: t.redemptionRateCol, show: (v) => percent(Number(v)) },
          { label: t.ordersPerViewerCol, show: (v) => Number(v).toFixed(2) },
          { label: t.revenuePerViewerCol, show: (v) => yuan(Number(v)) },
        ]}
        rows={e.results.map((r) => [
          r.arm,
          r.exposed,
          r.claimRate,
          r.redemptionRate,
          r.ordersPerViewer,
          r.revenuePerViewer,
        ])}
      />
      <ul class="flex flex-col gap-1 text-sm">
        {e.comparisons.map((c) => (
          <li key={`${c.arm}-${c.metric}`} data-verdict={c.verdict}>
            {c.verdict === "not_enough_data"
              ? `${c.arm} vs ${c.against}, ${words[`metric_${c.metric}`]}: ${t.verdict_not_enough_data}`
              : `${fill(t.comparison, {
                  arm: c.arm,
                  against: c.against,
                  metric: words[`metric_${c.metric}`] ?? c.metric,
                  diff: points(c.diff),
                  low: points(c.low),
                  high: points(c.high),
                })} — ${words[`verdict_${c.verdict}`]}`}
          </li>
        ))}
      </ul>
    </div>
  );
}

function NewExperiment() {
  const { t, model, locale } = useHost();
  const incentive = useSignal<Incentive>("offer_coupon");
  const templates = model.templates.value;
  const arm = (key: string, label: string) =>
    incentive.value === "watch_rate" ? (
      <Field label={label}>
        <Input name={key} type="number" min={1} max={1000} required defaultValue="10" />
      </Field>
    ) : (
      <Field label={label}>
        <Select name={key} required>
          {templates.map((x) => (
            <option key={x.id} value={x.id}>
              {couponText(locale.value, x)}
            </option>
          ))}
        </Select>
      </Field>
    );
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const v = formValues(form);
    const armOf = (key: "a" | "b") =>
      incentive.value === "watch_rate" ? { key, pointsPerBlock: Number(v[key]) } : { key, templateId: v[key] ?? "" };
    const started = await model.startExperiment({
      name: v.name ?? "",
      incentive: incentive.value,
      arms: [armOf("a"), armOf("b")],
      holdoutPercent: Number(v.holdout ?? 0),
      minSample: Number(v.minSample ?? 100),
    });
    if (started) form.reset();
  };
  return (
    <form aria-label={t.newExperiment} class="grid grid-cols-2 gap-2 md:grid-cols-3" onSubmit={submit}>
      <Field label={t.experimentName}>
        <Input name="name" required maxLength={80} />
      </Field>
      <Field label={t.incentive}>
        <Select
          name="incentive"
          value={incentive.value}
          onChange={(e) => (incentive.value = (e.currentTarget as HTMLSelectElement).value as Incentive)}
        >
          {(["offer_coupon", "watch_rate", "first_order_coupon"] as const).map((key) => (
            <option key={key} value={key}>
              {(t as unknown as Record<string, string>)[`incentive_${key}`]}
            </option>
          ))}
        </Select>
      </Field>
      {arm("a", t.armA)}
      {arm("b", t.armB)}
      <Field label={t.holdoutPercent}>
        <Input name="holdout" type="number" min={0} max={50} defaultValue="0" />
      </Field>
      <Field label={t.minSample}>
        <Input name="minSample" type="number" min={10} defaultValue="100" />
      </Field>
      <div class="col-span-full flex items-center gap-2">
        <Button type="submit" tone="accent" busy={model.requests.busy.value.has("experimentStart")}>
          {t.startExperiment}
        </Button>
        <RefusalNote action="experimentStart" />
      </div>
    </form>
  );
}

/** The second view: this live, the shop over time, and the shop's experiments, each table exportable. */
export function Dashboard() {
  const { model, t } = useHost();
  useEffect(() => {
    void model.loadInsight();
  }, [model]);
  const data = model.insight.value;
  return (
    <main class="flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto p-4" aria-label={t.viewDashboard}>
      <div class="flex items-center gap-2">
        <Button busy={model.requests.busy.value.has("insight")} onClick={() => void model.loadInsight()}>
          {t.refresh}
        </Button>
        <RefusalNote action="insight" />
      </div>
      {!data ? (
        <p role="status" class="text-sm text-[var(--host-muted)]">
          {t.loadingInsight}
        </p>
      ) : (
        <>
          <h2 class="text-base font-semibold">{t.thisLive}</h2>
          <LiveSection data={data} />
          <h2 class="text-base font-semibold">{t.shopOverTime}</h2>
          <ShopSection data={data} />
          <h2 class="text-base font-semibold">{t.experiments}</h2>
          <Panel title={t.newExperiment}>
            <NewExperiment />
          </Panel>
          {data.experiments.length === 0 ? (
            <p class="text-sm text-[var(--host-muted)]">{t.noExperiments}</p>
          ) : (
            data.experiments.map((e) => <ExperimentCard key={e.id} experiment={e} data={data} />)
          )}
        </>
      )}
    </main>
  );
}
