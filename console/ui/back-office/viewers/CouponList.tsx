import { useSignal } from "@preact/signals";
import type { CouponView } from "../../../../protocol/coupons.js";
import { fill } from "../../../i18n/index.js";
import type { ViewersModel } from "../../../models/viewers.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { CouponName } from "../../parts/coupon.js";
import { Field } from "../../parts/Field.js";
import { Panel } from "../../parts/Panel.js";
import { day, sourceWord, stateWord } from "./words.js";

/** The viewer's coupons in words (name and terms, where from, state, until when), each issued one revocable. */
export function CouponList(props: { model: ViewersModel; coupons: CouponView[] }) {
  const { t } = useHost();
  return (
    <Panel title={t.vwCoupons}>
      {props.coupons.length === 0 ? (
        <p class="text-sm text-[var(--host-muted)]">{t.vwNoCoupons}</p>
      ) : (
        <ul class="flex flex-col gap-2">
          {props.coupons.map((coupon) => (
            <CouponRow key={coupon.code} model={props.model} coupon={coupon} />
          ))}
        </ul>
      )}
    </Panel>
  );
}

function CouponRow(props: { model: ViewersModel; coupon: CouponView }) {
  const { model, coupon } = props;
  const { t, locale, refusal } = useHost();
  const asking = useSignal(false);
  const reason = useSignal("");
  const refused = model.revokeRefusal.value?.code === coupon.code ? model.revokeRefusal.value.refusal : null;
  const live = coupon.state === "issued";

  return (
    <li data-testid="viewer-coupon" class="flex flex-col gap-2 rounded-md border border-white/10 bg-black/20 px-3 py-2">
      <div class="flex flex-wrap items-center justify-between gap-2">
        <span class="min-w-0 text-sm [overflow-wrap:anywhere]">
          <CouponName coupon={coupon} />
        </span>
        <span
          class={`shrink-0 rounded-full px-2 py-0.5 text-xs ${live ? "bg-emerald-700/60" : "bg-white/10 text-[var(--host-muted)]"}`}
        >
          {stateWord(t, coupon.state)}
        </span>
      </div>
      <div class="flex flex-wrap items-center justify-between gap-2 text-xs text-[var(--host-muted)]">
        <span>
          {fill(t.vwCouponLine, { source: sourceWord(t, coupon.source), date: day(locale.value, coupon.expiresAt) })}
        </span>
        {live && !asking.value && (
          <Button tone="danger" onClick={() => (asking.value = true)}>
            {t.vwRevoke}
          </Button>
        )}
      </div>
      {live && asking.value && (
        <form
          class="flex flex-col gap-2"
          onSubmit={async (event) => {
            event.preventDefault();
            if (await model.revoke(coupon.code, reason.value)) asking.value = false;
          }}
        >
          <Field
            label={t.vwRevokeReason}
            value={reason.value}
            maxLength={200}
            error={refused?.fields.reason === undefined ? null : t.vwNeedReason}
            onInput={(event) => {
              reason.value = event.currentTarget.value;
            }}
          />
          {refused && Object.keys(refused.fields).length === 0 && (
            <p role="alert" class="text-sm text-rose-200">
              {refusal(refused.code)}
            </p>
          )}
          <div class="flex flex-wrap gap-2">
            <Button type="submit" tone="danger" busy={model.busy.value === coupon.code}>
              {t.vwRevokeConfirm}
            </Button>
            <Button onClick={() => (asking.value = false)}>{t.vwCancel}</Button>
          </div>
        </form>
      )}
    </li>
  );
}
