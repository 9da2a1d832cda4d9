import { useState } from "preact/hooks";
import { useHost } from "./context.js";
import { centsFromYuan, yuan } from "./format.js";
import { Button, Field, formValues, Input, Panel, RefusalNote } from "./parts.js";

/** What the host is presenting: sku, name, price typed in yuan and sent in cents, image. */
export function ProductPanel() {
  const { model, t, refusal } = useHost();
  const product = model.product.value;
  const busy = model.requests.busy.value.has("feature");
  const [invalid, setInvalid] = useState(false);

  const submit = (event: Event) => {
    event.preventDefault();
    const v = formValues(event.currentTarget as HTMLFormElement);
    const price = centsFromYuan(v.price ?? "");
    const sku = v.sku?.trim() ?? "";
    const name = v.name?.trim() ?? "";
    if (price === null || !sku || !name) return setInvalid(true);
    setInvalid(false);
    const image = v.image?.trim() || null;
    void model.feature({ sku, name, price, image });
  };

  return (
    <Panel title={t.productPanel}>
      {product ? (
        <div data-testid="featured" class="flex items-center gap-3 rounded-lg bg-black/25 p-2">
          {product.image && <img src={product.image} alt="" class="h-12 w-12 rounded object-cover" />}
          <div class="min-w-0 flex-1">
            <div class="truncate text-sm font-semibold">{product.name}</div>
            <div class="text-xs text-[var(--host-muted)]">
              {product.sku} · <span class="text-amber-300">{yuan(product.price)}</span>
            </div>
          </div>
          <Button busy={busy} onClick={() => void model.feature(null)}>
            {t.unfeature}
          </Button>
        </div>
      ) : (
        <p class="text-sm text-[var(--host-muted)]">{t.nothingFeatured}</p>
      )}
      <form aria-label={t.productPanel} class="grid grid-cols-2 gap-2" onSubmit={submit}>
        <Field label={t.sku}>
          <Input name="sku" required maxLength={64} />
        </Field>
        <Field label={t.priceYuan}>
          <Input name="price" required inputMode="decimal" placeholder="99.00" />
        </Field>
        <Field label={t.productName} class="col-span-2">
          <Input name="name" required maxLength={120} />
        </Field>
        <Field label={t.imageUrl} class="col-span-2">
          <Input name="image" type="url" maxLength={1000} placeholder="https://" />
        </Field>
        <div class="col-span-2 flex flex-col gap-2">
          {invalid && (
            <p role="alert" class="text-sm text-rose-300">
              {refusal("bad_request")}
            </p>
          )}
          <RefusalNote action="feature" />
          <Button type="submit" tone="accent" busy={busy}>
            {t.feature}
          </Button>
        </div>
      </form>
    </Panel>
  );
}
