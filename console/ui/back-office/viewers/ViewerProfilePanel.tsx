import { fill } from "../../../i18n/index.js";
import type { ViewersModel } from "../../../models/viewers.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { Panel } from "../../parts/Panel.js";
import { AdjustForm } from "./AdjustForm.js";
import { CouponList } from "./CouponList.js";
import { DataPanel } from "./DataPanel.js";
import { GrantForm } from "./GrantForm.js";
import { History } from "./History.js";
import { day, dayTime } from "./words.js";

/** One viewer: who, their tier and balance, the changes a person can make, and what happened to them. */
export function ViewerProfilePanel(props: { model: ViewersModel }) {
  const { model } = props;
  const { t, locale, refusal } = useHost();
  const state = model.profile.value;
  const back = (
    <Button class="lg:hidden" onClick={() => model.close()}>
      {t.vwBack}
    </Button>
  );

  if (state.kind === "loading" || state.kind === "failed") {
    return (
      <Panel title={t.viewersTitle} aside={back} class="h-fit">
        {state.kind === "loading" ? (
          <p role="status" class="text-sm text-[var(--host-muted)]">
            {t.vwLoading}
          </p>
        ) : (
          <p role="alert" class="text-sm text-rose-200">
            {refusal(state.code)}
          </p>
        )}
      </Panel>
    );
  }
  if (state.kind !== "loaded") return null;
  const { viewer, lastSeenAt } = state.profile;
  const { tier } = viewer.wallet;
  const done = model.done.value;

  return (
    <div data-testid="viewer-profile" class="flex min-w-0 flex-col gap-4">
      <Panel title={t.viewersTitle} aside={back}>
        <p class="text-lg font-semibold [overflow-wrap:anywhere]">{viewer.name ?? t.vwNoName}</p>
        <div class="flex flex-wrap items-center gap-2">
          <span
            data-testid="tier-badge"
            class="rounded-full bg-[var(--host-accent)] px-3 py-0.5 text-sm font-semibold text-white"
          >
            {tier.name[locale.value]}
          </span>
          <span class="font-mono text-xs text-[var(--host-muted)] [overflow-wrap:anywhere]">{viewer.viewerId}</span>
        </div>
        <dl class="grid grid-cols-2 gap-3">
          <div class="rounded-md bg-black/20 p-3">
            <dt class="text-xs text-[var(--host-muted)]">{t.vwPoints}</dt>
            <dd data-testid="viewer-points" class="text-2xl font-semibold tabular-nums">
              {viewer.wallet.points.toLocaleString("en")}
            </dd>
          </div>
          <div class="rounded-md bg-black/20 p-3">
            <dt class="text-xs text-[var(--host-muted)]">{t.vwGrowth}</dt>
            <dd data-testid="viewer-growth" class="text-2xl font-semibold tabular-nums">
              {viewer.wallet.growth.toLocaleString("en")}
            </dd>
          </div>
        </dl>
        <p class="text-sm text-[var(--host-muted)]">
          {tier.next
            ? fill(t.vwNextTier, {
                remaining: tier.next.remaining.toLocaleString("en"),
                tier: tier.next.name[locale.value],
              })
            : t.vwTopTier}
          {" · "}
          {fill(t.vwMemberSince, { date: day(locale.value, viewer.createdAt) })}
          {" · "}
          {lastSeenAt === null ? t.vwNeverSeen : fill(t.vwLastSeen, { when: dayTime(locale.value, lastSeenAt) })}
        </p>
        {done && (
          <p role="status" class="text-sm text-emerald-300">
            {
              {
                adjusted: t.vwAdjusted,
                granted: t.vwGranted,
                revoked: t.vwRevoked,
                exported: t.vwExported,
                erased: null,
              }[done]
            }
          </p>
        )}
      </Panel>
      <div class="grid gap-4 xl:grid-cols-2">
        <AdjustForm model={model} />
        <GrantForm model={model} />
      </div>
      <CouponList model={model} coupons={viewer.coupons} />
      <History profile={state.profile} />
      <DataPanel model={model} name={viewer.name ?? viewer.viewerId} />
    </div>
  );
}
