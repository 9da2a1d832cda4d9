import { yuanAmount } from "../../../../client/money.js";
import type { ViewerProfile } from "../../../../protocol/viewer-admin.js";
import { fill } from "../../../i18n/index.js";
import { useHost } from "../../context.js";
import { Panel } from "../../parts/Panel.js";
import { automationWord, dayTime, reasonWord, segmentWord, signed, touchStatusWord } from "./words.js";

const itemClass =
  "flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5 border-b border-white/5 py-1.5 text-sm";
const muted = "text-xs text-[var(--host-muted)]";

/** What happened to the viewer, in words: segments, the ledger, orders and touches between lives. */
export function History(props: { profile: ViewerProfile }) {
  const { t, locale } = useHost();
  const { viewer, ledger, orders, touches } = props.profile;
  const when = (at: number) => dayTime(locale.value, at);
  const empty = (text: string) => <p class="text-sm text-[var(--host-muted)]">{text}</p>;

  return (
    <div class="grid gap-4 xl:grid-cols-2">
      <Panel title={t.vwSegments} class="h-fit">
        {viewer.segments.segments.length === 0 ? (
          empty(t.vwNoSegments)
        ) : (
          <ul class="flex flex-wrap gap-2">
            {viewer.segments.segments.map((segment) => (
              <li key={segment} class="rounded-full bg-white/10 px-2.5 py-0.5 text-sm">
                {segmentWord(t, segment)}
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel title={t.vwLedger} class="h-fit">
        {ledger.length === 0 ? (
          empty(t.vwNoLedger)
        ) : (
          <ul data-testid="viewer-ledger">
            {ledger.map((entry) => (
              <li key={entry.id} class={itemClass}>
                <span class="min-w-0 [overflow-wrap:anywhere]">
                  {reasonWord(t, entry.reason)}
                  {entry.note && entry.reason === "adjust" && <span class={`ml-1 ${muted}`}>“{entry.note}”</span>}
                </span>
                <span class="tabular-nums">
                  {entry.delta !== 0 && signed(entry.delta)}
                  {entry.growthDelta !== 0 && (
                    <span class={`ml-2 ${muted}`}>{fill(t.vwGrowthChange, { n: signed(entry.growthDelta) })}</span>
                  )}
                  <span class={`ml-2 ${muted}`}>{when(entry.createdAt)}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel title={t.vwOrders} class="h-fit">
        {orders.orders.length === 0 ? (
          empty(t.vwNoOrders)
        ) : (
          <ul>
            {orders.orders.map((order) => (
              <li key={order.orderId} class={itemClass}>
                <span>
                  {fill(t.vwOrderLine, {
                    paid: yuanAmount(order.paid),
                    points: order.pointsEarned.toLocaleString("en"),
                  })}
                  {order.refundedAt !== null && <span class="ml-2 text-rose-200">{t.vwRefunded}</span>}
                </span>
                <span class={muted}>{when(order.paidAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel title={t.vwTouches} class="h-fit">
        {touches.length === 0 ? (
          empty(t.vwNoTouches)
        ) : (
          <ul>
            {touches.map((touch) => (
              <li key={touch.id} class={itemClass}>
                <span class="min-w-0 [overflow-wrap:anywhere]">
                  {automationWord(t, touch.automation)}
                  <span class={`ml-1 ${muted}`}>{touchStatusWord(t, touch.status)}</span>
                  {touch.words && <span class={`block ${muted}`}>{touch.words[locale.value]}</span>}
                </span>
                <span class={muted}>{when(touch.sentAt ?? touch.dueAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}
