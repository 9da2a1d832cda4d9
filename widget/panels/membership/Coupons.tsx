import type { CouponView, ExchangeItem } from "../../../protocol/coupons.js";
import { signal } from "../../core/signals.js";
import { errorText, localized, yuan } from "../../i18n/index.js";
import { reactive } from "../../ui/reactive.js";
import { couponActions } from "../parts/coupon-actions.js";
import { usePanelWidget } from "../words/use-words.js";

const CouponValue = reactive(function CouponValue({ kind, value }: { kind: CouponView["kind"]; value: number }) {
  const { m } = usePanelWidget();
  return (
    <span class="text-lg leading-none font-extrabold">
      {kind === "amount" ? `¥${yuan(value)}` : m.coupons.percentOff(value)}
    </span>
  );
});

/** the code copied a moment ago, whose button says so */
const copiedCode = signal<string | null>(null);

/** Copies a code; the clipboard may be refused (insecure page, permissions), then the code stays selectable. */
const CopyCode = reactive(function CopyCode({ code }: { code: string }) {
  const { m } = usePanelWidget();
  const copied = copiedCode.value === code;
  return (
    <button
      type="button"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(code);
          copiedCode.value = code;
          setTimeout(() => {
            if (copiedCode.peek() === code) copiedCode.value = null;
          }, 1500);
        } catch {
          copiedCode.value = null;
        }
      }}
      class="shrink-0 rounded-full bg-white/15 px-2.5 py-1 text-xs font-semibold whitespace-nowrap hover:bg-white/25 focus-visible:outline-2 focus-visible:outline-white"
      aria-label={`${m.coupons.copy} ${code}`}
    >
      {copied ? m.coupons.copied : m.coupons.copy}
    </button>
  );
});

/** One coupon as the wallet shows it: value, threshold, name, state, expiry and the code with a copy button. */
export const CouponCard = reactive(function CouponCard({ coupon: c }: { coupon: CouponView }) {
  const { m, locale } = usePanelWidget();
  const usable = c.state === "issued";
  return (
    <div
      data-coupon={c.code}
      class={`flex overflow-hidden rounded-xl ring-1 ring-white/10 ${usable ? "bg-white/5" : "bg-white/[0.02] opacity-60"}`}
    >
      <div class="flex w-20 shrink-0 flex-col items-center justify-center gap-1 border-r border-dashed border-white/20 bg-(--encore-accent)/15 px-2 py-3 text-(--encore-accent-soft)">
        <CouponValue kind={c.kind} value={c.value} />
        <span class="text-[11px] text-(--encore-muted)">
          {c.minSpend > 0 ? m.coupons.minSpend(yuan(c.minSpend)) : m.coupons.noMin}
        </span>
      </div>
      <div class="flex min-w-0 flex-1 flex-col gap-1 px-3 py-2">
        <div class="flex items-center justify-between gap-2">
          <span class="truncate text-sm font-semibold">{localized(c.name, locale)}</span>
          <span class="shrink-0 text-[11px] text-(--encore-muted)">{m.coupons.states[c.state]}</span>
        </div>
        <span class="text-[11px] text-(--encore-muted)">
          {m.coupons.expires(new Date(c.expiresAt).toLocaleDateString(locale))}
        </span>
        {/* a code is read out and typed at checkout: it wraps rather than lose its end */}
        <div class="flex flex-wrap items-center justify-between gap-x-2 gap-y-1">
          <code class="font-mono text-xs tracking-wider break-all select-all">{c.code}</code>
          {usable && <CopyCode code={c.code} />}
        </div>
      </div>
    </div>
  );
});

/** The coupon wallet, newest first. */
export const CouponWallet = reactive(function CouponWallet() {
  const { models, m } = usePanelWidget();
  const coupons = models.coupons.coupons.value;
  if (coupons.length === 0) return <p class="py-6 text-center text-sm text-(--encore-muted)">{m.coupons.empty}</p>;
  return (
    <ul class="flex flex-col gap-2" aria-label={m.tabs.coupons}>
      {coupons.map((c) => (
        <li key={c.code}>
          <CouponCard coupon={c} />
        </li>
      ))}
    </ul>
  );
});

/** Points → coupon, from the shop's catalogue; deducted and issued in one server transaction. */
export const Exchange = reactive(function Exchange() {
  const { models, m, locale } = usePanelWidget();
  const { catalogue } = models.coupons;
  const { exchanging, exchangeError, exchange } = couponActions(models.coupons);
  const points = models.wallet.wallet.value?.points ?? 0;
  const items = catalogue.value;
  if (items.length === 0) return <p class="py-6 text-center text-sm text-(--encore-muted)">{m.exchange.empty}</p>;
  const guest = !models.member.value;
  return (
    <ul class="flex flex-col gap-2">
      {items.map((item: ExchangeItem) => {
        const short = item.pointsCost - points;
        const busy = exchanging.value === item.templateId;
        const failed = exchangeError.value?.templateId === item.templateId ? exchangeError.value.code : null;
        const soldOut = item.remaining !== null && item.remaining <= 0;
        return (
          <li key={item.templateId} data-item={item.templateId} class="rounded-xl bg-white/5 p-3 ring-1 ring-white/10">
            <div class="flex items-center gap-3">
              <div class="flex w-16 shrink-0 flex-col items-center text-(--encore-accent-soft)">
                <CouponValue kind={item.kind} value={item.value} />
              </div>
              <div class="min-w-0 flex-1">
                <p class="truncate text-sm font-semibold">{localized(item.name, locale)}</p>
                <p class="text-[11px] text-(--encore-muted)">
                  {item.minSpend > 0 ? m.coupons.minSpend(yuan(item.minSpend)) : m.coupons.noMin}
                  {item.remaining !== null && ` · ${m.exchange.left(item.remaining)}`}
                </p>
              </div>
              <button
                type="button"
                disabled={busy || soldOut || (!guest && short > 0)}
                onClick={() => (guest ? models.requestLogin("exchange") : void exchange(item.templateId))}
                class="shrink-0 rounded-full bg-(--encore-accent) px-3 py-1.5 text-xs font-bold text-(--encore-accent-ink) shadow disabled:bg-white/15 disabled:text-(--encore-muted) focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
              >
                {busy ? m.exchange.busy : m.exchange.cost(item.pointsCost)}
              </button>
            </div>
            {!guest && short > 0 && <p class="mt-1.5 text-[11px] text-(--encore-muted)">{m.exchange.needs(short)}</p>}
            {failed && (
              <p role="alert" class="mt-1.5 text-xs text-rose-200">
                {errorText(m, failed)}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
});
