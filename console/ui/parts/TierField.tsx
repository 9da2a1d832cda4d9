import { useHost } from "../context.js";
import { SelectField } from "./Field.js";

/** The tier gate of an offer or a coupon template: everyone, or one of the shop's tiers. */
export function TierField(props: { label: string; anyone: string; name: string }) {
  const { model, locale } = useHost();
  return (
    <SelectField label={props.label} name={props.name} defaultValue="">
      <option value="">{props.anyone}</option>
      {model.tiers.value.map((tier) => (
        <option key={tier.key} value={tier.key}>
          {tier.name[locale.value]}
        </option>
      ))}
    </SelectField>
  );
}
