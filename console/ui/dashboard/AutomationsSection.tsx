import { yuanFigure } from "../../../client/money.js";
import type { Insight } from "../../../protocol/insight.js";
import type { AutomationReport } from "../../../protocol/lifecycle.js";
import { useHost } from "../context.js";
import { Panel } from "../parts/Panel.js";
import { comparisonText } from "./comparison.js";
import { DataTable } from "./DataTable.js";
import { percent } from "./figures.js";

/**
 * Between lives: what each automation sent, what the contact budget held back, what came of it
 * within 30 days, and its repurchase against its holdout, which tells a shop whether the coupon
 * brought buyers back or only discounted what they would have bought anyway.
 */
export function AutomationsSection(props: { data: Insight }) {
  const { t } = useHost();
  const { automations, at } = props.data;
  const words = t as unknown as Record<string, string>;
  const name = (automation: string) => words[`auto_${automation}`] ?? automation;
  // an automation switched off still shows what it did while it was on
  const shown = automations.filter((r) => r.enabled || r.eligible > 0);
  const lift = (r: AutomationReport) =>
    comparisonText(t, { ...r.lift, arm: t.touchedArm, against: t.holdoutSide, metric: t.metric_repurchase });
  return (
    <>
      {!automations.some((r) => r.enabled) && (
        <p data-testid="automations-empty" class="text-sm text-[var(--host-muted)]">
          {t.noAutomations}
        </p>
      )}
      {shown.length > 0 && (
        <>
          <DataTable
            title={t.automationsTable}
            at={at}
            columns={[
              { label: t.automationCol, show: (v) => name(String(v)) },
              { label: t.automationStateCol, show: (v) => (v ? t.automationOn : t.automationOff) },
              { label: t.eligibleCol },
              { label: t.touchedCol },
              { label: t.heldOutCol },
              { label: t.heldBackCol },
              { label: t.couponsRedeemedCol },
              { label: t.orders30dCol },
              { label: t.revenue30dCol, show: (v) => yuanFigure(Number(v)) },
              { label: t.touchedRateCol, show: (v) => percent(Number(v)) },
              { label: t.holdoutRateCol, show: (v) => percent(Number(v)) },
            ]}
            rows={shown.map((r) => [
              r.automation,
              r.enabled ? 1 : 0,
              r.eligible,
              r.touched,
              r.heldOut,
              r.heldBack,
              r.couponsRedeemed,
              r.orders,
              r.revenue,
              r.lift.touched.rate,
              r.lift.holdout.rate,
            ])}
          />
          <Panel title={t.automationLift}>
            <ul class="flex flex-col gap-1 text-sm">
              {shown.map((r) => (
                <li key={r.automation} data-automation={r.automation} data-verdict={r.lift.verdict}>
                  <span class="font-semibold">{name(r.automation)}</span>
                  {t.colon}
                  {lift(r)}
                </li>
              ))}
            </ul>
          </Panel>
        </>
      )}
    </>
  );
}
