import { errorText } from "../../i18n/index.js";
import { reactive } from "../../ui/reactive.js";
import { CouponCard } from "../membership/Coupons.js";
import { usePanelWidget } from "../words/use-words.js";
import { inboxList } from "./list.js";

/** The touches, newest first: each message in the overlay's language, when it came, and its coupon. */
export const TouchList = reactive(function TouchList() {
  const { models, m, locale } = usePanelWidget();
  const { touches, error, load } = inboxList(models);
  const list = touches.value;
  if (error.value && !list)
    return (
      <div role="alert" class="flex items-center justify-between gap-2 py-4 text-sm text-rose-200">
        <span>{errorText(m, error.value)}</span>
        <button
          type="button"
          onClick={() => void load()}
          class="shrink-0 rounded-full bg-white/10 px-3 py-1 text-xs font-semibold text-white"
        >
          {m.lazy.retry}
        </button>
      </div>
    );
  if (!list)
    return (
      <p role="status" class="py-6 text-center text-sm text-(--encore-muted)">
        {m.lazy.loading}
      </p>
    );
  if (list.length === 0) return <p class="py-6 text-center text-sm text-(--encore-muted)">{m.inbox.empty}</p>;
  return (
    <ul class="flex flex-col gap-3" aria-label={m.inbox.title}>
      {list.map((touch) => (
        <li key={touch.id} data-touch={touch.id} class="flex flex-col gap-2 rounded-2xl bg-white/5 p-3">
          <div class="flex items-center gap-2 text-[11px] text-(--encore-muted)">
            {!touch.seen && (
              <span class="rounded-full bg-rose-500 px-1.5 py-px font-bold text-white">{m.inbox.new}</span>
            )}
            <time dateTime={new Date(touch.createdAt).toISOString()}>
              {new Date(touch.createdAt).toLocaleDateString(locale)}
            </time>
          </div>
          <p class="text-sm leading-snug">{touch.words[locale]}</p>
          {touch.coupon && <CouponCard coupon={touch.coupon} />}
        </li>
      ))}
    </ul>
  );
});
