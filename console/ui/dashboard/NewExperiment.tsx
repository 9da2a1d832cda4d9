import { useSignal } from "@preact/signals";
import type { Incentive } from "../../../protocol/insight.js";
import { useHost } from "../context.js";
import { Button } from "../parts/Button.js";
import { couponText } from "../parts/coupon.js";
import { Field, SelectField } from "../parts/Field.js";
import { formValues } from "../parts/form.js";
import { RefusalNote } from "../parts/RefusalNote.js";

/** Starts an experiment: two arms of one incentive, a holdout and the sample each arm needs. */
export function NewExperiment() {
  const { t, model, locale } = useHost();
  const incentive = useSignal<Incentive>("offer_coupon");
  const templates = model.templates.value;
  const arm = (key: string, label: string) =>
    incentive.value === "watch_rate" ? (
      <Field label={label} name={key} type="number" min={1} max={1000} required defaultValue="10" />
    ) : (
      <SelectField label={label} name={key} required>
        {templates.map((x) => (
          <option key={x.id} value={x.id}>
            {couponText(locale.value, x)}
          </option>
        ))}
      </SelectField>
    );
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const v = formValues(form);
    const armOf = (key: "a" | "b") =>
      incentive.value === "watch_rate" ? { key, pointsPerBlock: Number(v[key]) } : { key, templateId: v[key] ?? "" };
    const started = await model.startExperiment({
      name: v.name ?? "",
      incentive: incentive.value,
      arms: [armOf("a"), armOf("b")],
      holdoutPercent: Number(v.holdout ?? 0),
      minSample: Number(v.minSample ?? 100),
    });
    if (started) form.reset();
  };
  return (
    <form aria-label={t.newExperiment} class="grid grid-cols-2 gap-2 md:grid-cols-3" onSubmit={submit}>
      <Field label={t.experimentName} name="name" required maxLength={80} />
      <SelectField
        label={t.incentive}
        name="incentive"
        value={incentive.value}
        onChange={(e) => (incentive.value = (e.currentTarget as HTMLSelectElement).value as Incentive)}
      >
        {(["offer_coupon", "watch_rate", "first_order_coupon"] as const).map((key) => (
          <option key={key} value={key}>
            {(t as unknown as Record<string, string>)[`incentive_${key}`]}
          </option>
        ))}
      </SelectField>
      {arm("a", t.armA)}
      {arm("b", t.armB)}
      <Field label={t.holdoutPercent} name="holdout" type="number" min={0} max={50} defaultValue="0" />
      <Field label={t.minSample} name="minSample" type="number" min={10} defaultValue="100" />
      <div class="col-span-full flex items-center gap-2">
        <Button type="submit" tone="accent" busy={model.requests.busy.value.has("experimentStart")}>
          {t.startExperiment}
        </Button>
        <RefusalNote action="experimentStart" />
      </div>
    </form>
  );
}
