import { yuanFigure } from "../../../client/money.js";
import type { Insight } from "../../../protocol/insight.js";
import { fill } from "../../i18n/index.js";
import { useHost } from "../context.js";
import { BarChart } from "./charts.js";
import { DataTable } from "./DataTable.js";
import { Figure } from "./Figure.js";
import { percent } from "./figures.js";

/** The shop over time: repurchase, cohorts, tiers, segments, coupons and the referral funnel. */
export function ShopSection(props: { data: Insight }) {
  const { t, model, locale } = useHost();
  const { shop, at } = props.data;
  const tierName = (key: string) => {
    const tier = model.tiers.value.find((x) => x.key === key);
    return tier ? tier.name[locale.value] : key;
  };
  const sourceName = (source: string) => (t as unknown as Record<string, string>)[`source_${source}`] ?? source;
  const weeks = shop.cohorts[0]?.retained.length ?? 4;
  // each step a subset of the one before: invite links handed out → joined → qualified → ordered
  const funnel = [
    { label: t.referralInvites, value: shop.referrals.invites },
    { label: t.referralJoins, value: shop.referrals.joins },
    { label: t.referralQualified, value: shop.referrals.qualified },
    { label: t.referralFirstOrders, value: shop.referrals.firstOrders },
  ];
  return (
    <>
      <dl class="grid grid-cols-2 gap-2 md:grid-cols-5">
        <Figure id="repurchase-rate" label={t.repurchaseRate} value={shop.repurchaseRate} show={percent} />
        <Figure id="buyers" label={t.buyers} value={shop.buyers} />
        <Figure id="repeat-buyers" label={t.repeatBuyers} value={shop.repeatBuyers} />
        <Figure id="revenue-total" label={t.revenueTotal} value={shop.revenue.total} show={yuanFigure} />
        <Figure
          id="revenue-with-coupon"
          label={t.revenueWithCoupon}
          value={shop.revenue.withCoupon}
          show={yuanFigure}
        />
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
      <DataTable
        title={t.referralsTable}
        at={at}
        columns={[{ label: t.referralStepCol }, { label: t.viewersCol }]}
        rows={funnel.map((step) => [step.label, step.value])}
        chart={<BarChart label={t.referralsTable} bars={funnel} />}
      />
    </>
  );
}
