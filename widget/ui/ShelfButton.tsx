import { reactive, useWidget } from "./reactive.js";

/** Opens the drawer of the room's products; the drawer itself is the shelf panel (widget/panels/shelf.tsx). */
export const ShelfButton = reactive(function ShelfButton() {
  const { models, m } = useWidget();
  return (
    <button
      type="button"
      aria-label={m.product.shelf}
      aria-haspopup="dialog"
      onClick={() => {
        models.panelOpen.value = false;
        models.products.openShelf();
      }}
      class="pointer-events-auto flex h-9 items-center gap-1.5 rounded-full bg-(--encore-surface) px-3 text-xs font-semibold shadow-lg ring-1 ring-white/15 backdrop-blur hover:ring-white/40 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
    >
      <span aria-hidden="true">🛍</span>
      {m.product.shelf}
    </button>
  );
});
