import { yuanFigure } from "../../../client/money.js";
import type { Insight } from "../../../protocol/insight.js";
import { fill } from "../../i18n/index.js";
import { useHost } from "../context.js";
import { DataTable } from "./DataTable.js";

const oneDecimal = (v: unknown) => Number(v).toFixed(1);

/**
 * Campaign days against ordinary ones over the last weeks: orders, revenue and watch minutes per
 * day, so a shop sees what its welfare days and festivals (member days among them) bring.
 */
export function CampaignDaysSection(props: { data: Insight }) {
  const { t } = useHost();
  const { campaignDays, at } = props.data;
  const row = (kind: string, d: Insight["campaignDays"]["campaign"]) => [
    kind,
    d.days,
    d.orders,
    d.revenue,
    d.watchMinutes,
  ];
  return (
    <DataTable
      title={fill(t.campaignDaysTable, { n: campaignDays.sinceDays })}
      at={at}
      columns={[
        { label: t.dayKindCol },
        { label: t.daysCol },
        { label: t.ordersPerDayCol, show: oneDecimal },
        { label: t.revenuePerDayCol, show: (v) => yuanFigure(Number(v)) },
        { label: t.watchMinutesPerDayCol, show: oneDecimal },
      ]}
      rows={[row(t.campaignDayRow, campaignDays.campaign), row(t.ordinaryDayRow, campaignDays.ordinary)]}
    />
  );
}
