import { useState } from "preact/hooks";
import type { CouponTemplate } from "../../../protocol/coupons.js";
import type { OfferMode, OfferView } from "../../../protocol/live.js";
import { fill } from "../../i18n/index.js";
import { useHost } from "../context.js";
import { Button } from "../parts/Button.js";
import { CouponName, couponText } from "../parts/coupon.js";
import { Field, SelectField } from "../parts/Field.js";
import { formValues } from "../parts/form.js";
import { count, duration, wholeNumber } from "../parts/format.js";
import { Panel } from "../parts/Panel.js";
import { RefusalNote } from "../parts/RefusalNote.js";
import { TierField } from "../parts/TierField.js";

/** A template an offer can give now: active, with coupons left to issue. */
export const usable = (tpl: CouponTemplate) => tpl.active && (tpl.stock === null || tpl.issued < tpl.stock);

/** The offer on air: keyword, coupon, stock left, countdown, and a way to stop it early. */
function OfferCard(props: { offer: OfferView }) {
  const { model, t, locale } = useHost();
  const { offer } = props;
  const left = Math.max(0, offer.endsAt - model.now.value);
  // once its time is up an offer is over, even before the server can say so (the link may be down)
  const live = offer.status === "live" && left > 0;
  const status = offer.status === "live" && !live ? "ended" : offer.status;
  return (
    <div
      data-testid="offer-card"
      class={`flex flex-col gap-2 rounded-lg border p-3 ${live ? "border-[var(--host-accent)] bg-[var(--host-accent)]/10" : "border-white/10 bg-black/25"}`}
    >
      <div class="flex items-center justify-between gap-2">
        <span class="text-2xl font-black">“{offer.keyword}”</span>
        <span data-testid="offer-status" class="rounded-full bg-white/10 px-2 py-0.5 text-xs font-semibold">
          {t[`status_${status}`]}
        </span>
      </div>
      <div class="text-sm">
        <CouponName coupon={offer.coupon} />
      </div>
      <div class="flex flex-wrap gap-x-3 text-xs text-[var(--host-muted)]">
        <span>{offer.mode === "draw" ? t.draw : t.firstCome}</span>
        <span>{offer.minTierName ? offer.minTierName[locale.value] : t.everyone}</span>
        <span data-testid="offer-left" class="tabular-nums">
          {t.left} {count(offer.remaining)} / {count(offer.stock)}
        </span>
        {live && (
          <span class="tabular-nums">{fill(t.endsIn, { time: duration(left, locale.value, { whole: true }) })}</span>
        )}
      </div>
      {live && (
        <Button tone="danger" busy={model.requests.busy.value.has("offerStop")} onClick={() => void model.stopOffer()}>
          {t.stopOffer}
        </Button>
      )}
    </div>
  );
}

/** Start a 扣1 offer: keyword, template, stock, 10–300 s, tier gate, first come or draw. */
export function OfferPanel() {
  const { model, t, locale, refusal } = useHost();
  const offer = model.offer.value;
  const templates = model.templates.value;
  const busy = model.requests.busy.value.has("offerStart");
  const [invalid, setInvalid] = useState(false);
  const [chosen, choose] = useState("");
  const live = offer?.status === "live";
  // the host's choice while it can still be used, else the first template that can
  const choice = templates.find((tpl) => tpl.id === chosen && usable(tpl)) ?? templates.find(usable);

  const submit = (event: Event) => {
    event.preventDefault();
    const v = formValues(event.currentTarget as HTMLFormElement);
    const stock = wholeNumber(v.stock ?? "");
    const durationSeconds = wholeNumber(v.durationSeconds ?? "");
    const templateId = v.templateId ?? "";
    if (stock === null || durationSeconds === null || !templateId) return setInvalid(true);
    setInvalid(false);
    const mode: OfferMode = v.mode === "draw" ? "draw" : "first_come";
    void model.startOffer({
      keyword: v.keyword?.trim() || "1",
      templateId,
      stock,
      durationSeconds,
      minTier: v.minTier || null,
      mode,
    });
  };

  return (
    <Panel title={t.offerPanel}>
      {offer && <OfferCard offer={offer} />}
      <RefusalNote action="offerStop" />
      {!live && (
        <form aria-label={t.startOffer} class="grid grid-cols-2 gap-2" onSubmit={submit}>
          <Field label={t.keyword} name="keyword" defaultValue="1" maxLength={20} />
          <Field label={t.stock} name="stock" type="number" min={1} defaultValue="100" required />
          <SelectField
            label={t.template}
            class="col-span-2"
            name="templateId"
            required
            value={choice?.id ?? ""}
            onChange={(e: Event) => choose((e.currentTarget as HTMLSelectElement).value)}
          >
            {!choice && (
              <option value="" disabled>
                {templates.length === 0 ? t.noTemplateYet : t.noTemplateLeft}
              </option>
            )}
            {templates.map((tpl) => (
              <option key={tpl.id} value={tpl.id} disabled={!usable(tpl)}>
                {usable(tpl)
                  ? couponText(locale.value, tpl)
                  : fill(t.templateUsedUp, { coupon: couponText(locale.value, tpl) })}
              </option>
            ))}
          </SelectField>
          <Field
            label={`${t.duration} (10–300)`}
            name="durationSeconds"
            type="number"
            min={10}
            max={300}
            defaultValue="60"
            required
          />
          <TierField label={t.minTier} anyone={t.everyone} name="minTier" />
          <fieldset class="col-span-2 flex gap-4 text-sm">
            <legend class="sr-only">{t.mode}</legend>
            <label class="flex items-center gap-1.5">
              <input type="radio" name="mode" value="first_come" defaultChecked />
              {t.firstCome}
            </label>
            <label class="flex items-center gap-1.5">
              <input type="radio" name="mode" value="draw" />
              {t.draw}
            </label>
          </fieldset>
          <div class="col-span-2 flex flex-col gap-2">
            {invalid && (
              <p role="alert" class="text-sm text-rose-300">
                {refusal("bad_request")}
              </p>
            )}
            <RefusalNote action="offerStart" />
            <Button type="submit" tone="accent" busy={busy} class="py-2 text-base">
              {t.startOffer}
            </Button>
          </div>
        </form>
      )}
    </Panel>
  );
}
