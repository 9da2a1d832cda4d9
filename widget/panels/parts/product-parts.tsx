import type { Product } from "../../../protocol/products.js";
import { yuan } from "../../i18n/index.js";
import { reactive } from "../../ui/reactive.js";
import { usePanelWidget } from "../words/use-words.js";

/* The small parts the product card and the shelf drawer share. */

/** A product's price, with the list price struck through when the live sells below it. */
export const Price = reactive(function Price(props: { product: Pick<Product, "price" | "was"> }) {
  const { m } = usePanelWidget();
  const { price, was } = props.product;
  return (
    <span class="flex items-baseline gap-1.5 whitespace-nowrap">
      <span data-testid="price" class="text-sm font-bold text-(--encore-gold) tabular-nums">
        ¥{yuan(price)}
      </span>
      {was !== null && was > price && (
        <s data-testid="was" class="text-[11px] text-(--encore-muted) tabular-nums">
          <span class="sr-only">{m.product.was} </span>¥{yuan(was)}
        </s>
      )}
    </span>
  );
});

/** The product's picture, or a plain tile when the shop gave none. */
export function ProductImage(props: { product: Product; class: string }) {
  return props.product.image ? (
    <img src={props.product.image} alt="" loading="lazy" class={`${props.class} object-cover`} />
  ) : (
    <span aria-hidden="true" class={`${props.class} grid place-items-center bg-white/10 text-xl`}>
      🛍
    </span>
  );
}

/** The buy button: the page's checkout takes over through Encore.on("buy"). */
export const BuyButton = reactive(function BuyButton(props: { product: Product; name: string }) {
  const { models, m } = usePanelWidget();
  const { product } = props;
  return (
    <button
      type="button"
      disabled={!product.inStock}
      aria-label={product.inStock ? m.product.buyNamed(props.name) : undefined}
      onClick={() => models.products.buy(product)}
      class="h-8 shrink-0 rounded-full bg-(--encore-accent) px-3 text-xs font-bold text-(--encore-accent-ink) shadow focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white disabled:bg-white/15 disabled:text-(--encore-muted)"
    >
      {product.inStock ? m.product.buy : m.product.outOfStock}
    </button>
  );
});
