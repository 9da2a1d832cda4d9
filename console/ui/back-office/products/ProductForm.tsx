import { useSignal } from "@preact/signals";
import type { FieldError } from "../../../../protocol/http.js";
import type { Product, ProductInput, ProductPatch } from "../../../../protocol/products.js";
import { fill, type HostStrings } from "../../../i18n/index.js";
import type { WriteAnswer } from "../../../models/catalogue-admin.js";
import { useHost } from "../../context.js";
import { Button } from "../../parts/Button.js";
import { Field } from "../../parts/Field.js";
import { formValues } from "../../parts/form.js";
import { centsFromYuan, wholeNumber, yuan } from "../../parts/format.js";

type FormField = "sku" | "nameZh" | "nameEn" | "price" | "was" | "image" | "usageDays";

/** The server's field paths, each on the form field that shows its refusal. */
const FIELD_OF: Record<string, FormField> = {
  sku: "sku",
  "name.zh-CN": "nameZh",
  "name.en": "nameEn",
  name: "nameZh",
  price: "price",
  was: "was",
  image: "image",
  usageDays: "usageDays",
};

function errorWord(t: HostStrings, field: FormField): string {
  switch (field) {
    case "sku":
      return t.prErrSku;
    case "nameZh":
    case "nameEn":
      return t.prErrName;
    case "price":
    case "was":
      return t.prErrPrice;
    case "image":
      return t.prErrImage;
    case "usageDays":
      return t.prErrUsage;
  }
}

/** A price field's text as cents: empty is null, what is not a price is NaN (refused before sending). */
const priceOf = (text: string | undefined): number | null => {
  const trimmed = (text ?? "").trim();
  return trimmed === "" ? null : (centsFromYuan(trimmed) ?? Number.NaN);
};
const daysOf = (text: string | undefined): number | null => {
  const trimmed = (text ?? "").trim();
  return trimmed === "" ? null : (wholeNumber(trimmed) ?? Number.NaN);
};
const yuanText = (cents: number | null) => (cents === null ? "" : yuan(cents).slice(1));

/** The form read as a product, with the fields that cannot be sent as typed. */
function read(values: Record<string, string>, editing: boolean) {
  const price = priceOf(values.price);
  const was = priceOf(values.was);
  const usageDays = daysOf(values.usageDays);
  const image = (values.image ?? "").trim();
  const invalid: FormField[] = [];
  if (price === null || Number.isNaN(price)) invalid.push("price");
  if (Number.isNaN(was)) invalid.push("was");
  if (Number.isNaN(usageDays)) invalid.push("usageDays");
  const fields = {
    name: { "zh-CN": (values.nameZh ?? "").trim(), en: (values.nameEn ?? "").trim() },
    price: price ?? 0,
    was,
    image: image === "" ? null : image,
    usageDays,
    inStock: values.inStock === "on",
  };
  return { invalid, product: editing ? fields : { ...fields, sku: (values.sku ?? "").trim() } };
}

/**
 * Adds a product, or edits one (`product`): the fields the catalogue takes, prices typed in yuan,
 * each refusal beside its field in the person's language.
 */
export function ProductForm(props: {
  product?: Product;
  busy: boolean;
  onSubmit: (product: ProductInput | ProductPatch) => Promise<WriteAnswer>;
  onDone: () => void;
}) {
  const { product } = props;
  const { t, locale, refusal } = useHost();
  const errors = useSignal<Partial<Record<FormField, string>>>({});
  const whole = useSignal<string | null>(null);

  const show = (fields: FormField[], code: string | null) => {
    errors.value = Object.fromEntries(fields.map((field) => [field, errorWord(t, field)]));
    whole.value = code === null ? null : fields.length > 0 ? null : refusal(code);
  };
  const refused = (answer: { code: string; fields: FieldError[] }) =>
    show(
      answer.fields
        .map((f) => FIELD_OF[f.path] ?? FIELD_OF[f.path.split(".")[0] ?? ""])
        .filter((field): field is FormField => field !== undefined),
      answer.code,
    );

  return (
    <form
      aria-label={product ? fill(t.prEditing, { name: product.name[locale.value] }) : t.prAdd}
      class="grid grid-cols-1 gap-3 sm:grid-cols-2"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const { invalid, product: typed } = read(formValues(event.currentTarget), product !== undefined);
        if (invalid.length > 0) return show(invalid, null);
        const answer = await props.onSubmit(typed);
        if (answer.ok) {
          show([], null);
          props.onDone();
        } else refused(answer);
      }}
    >
      {!product && <Field label={t.prSku} hint={t.prSkuHint} name="sku" maxLength={64} error={errors.value.sku} />}
      <Field
        label={t.prNameZh}
        name="nameZh"
        maxLength={80}
        defaultValue={product?.name["zh-CN"]}
        error={errors.value.nameZh}
      />
      <Field
        label={t.prNameEn}
        name="nameEn"
        maxLength={80}
        defaultValue={product?.name.en}
        error={errors.value.nameEn}
      />
      <Field
        label={t.prPrice}
        name="price"
        inputMode="decimal"
        defaultValue={product ? yuanText(product.price) : ""}
        error={errors.value.price}
      />
      <Field
        label={t.prWas}
        hint={t.prWasHint}
        name="was"
        inputMode="decimal"
        defaultValue={yuanText(product?.was ?? null)}
        error={errors.value.was}
      />
      <Field
        label={t.prUsageDays}
        hint={t.prUsageHint}
        name="usageDays"
        inputMode="numeric"
        defaultValue={product?.usageDays === null || product === undefined ? "" : String(product.usageDays)}
        error={errors.value.usageDays}
      />
      <Field
        label={t.prImage}
        hint={t.prImageHint}
        name="image"
        maxLength={1000}
        defaultValue={product?.image ?? ""}
        error={errors.value.image}
      />
      <label class="flex items-center gap-2 text-sm sm:col-span-2">
        <input type="checkbox" name="inStock" defaultChecked={product?.inStock ?? true} class="h-4 w-4" />
        {t.prInStock}
      </label>
      {whole.value && (
        <p role="alert" class="text-sm text-rose-200 sm:col-span-2">
          {whole.value}
        </p>
      )}
      <div class="flex flex-wrap gap-2 sm:col-span-2">
        <Button type="submit" tone="accent" busy={props.busy}>
          {product ? t.prSave : t.prCreate}
        </Button>
        {product && <Button onClick={props.onDone}>{t.prCancel}</Button>}
      </div>
    </form>
  );
}
