import { yuanFigure } from "../../../client/money.js";
import type { ExperimentView, HOLDOUT_ARM, Insight } from "../../../protocol/insight.js";
import { fill } from "../../i18n/index.js";
import { useHost } from "../context.js";
import { Button } from "../parts/Button.js";
import { comparisonText } from "./comparison.js";
import { DataTable } from "./DataTable.js";
import { percent } from "./figures.js";
import { useTemplateText } from "./template-text.js";

/** The holdout's arm key, spelled here: protocol/insight.ts carries zod, which the console must not load. */
const HOLDOUT: typeof HOLDOUT_ARM = "holdout";

/** One experiment: its arms' results and what the comparisons say, with a stop button while it runs. */
export function ExperimentCard(props: { experiment: ExperimentView; data: Insight }) {
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
            // a long experiment name must not squeeze "停止" into a column of one character a line
            class="shrink-0 whitespace-nowrap"
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
          { label: t.revenuePerViewerCol, show: (v) => yuanFigure(Number(v)) },
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
            {comparisonText(t, { ...c, metric: words[`metric_${c.metric}`] ?? c.metric })}
          </li>
        ))}
      </ul>
    </div>
  );
}
