// @vitest-environment happy-dom

import { act, fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { ClientEvent, ServerEvent } from "../../protocol/events.js";
import type { Product } from "../../protocol/products.js";
import { createEmitter } from "../../widget/core/emitter.js";
import { signal } from "../../widget/core/signals.js";
import { messagesFor } from "../../widget/i18n/index.js";
import { panelsEager } from "../../widget/lazy/load-eager.js";
import { createModels } from "../../widget/models/index.js";
import { type Mounted, mountOverlay } from "../../widget/mount.js";
import { shelfList } from "../../widget/panels/shelf-list.js";
import { FakeTransport } from "../helpers/fake-transport.js";
import { guestSnapshot, product, snapshot } from "./builders.js";

const en = messagesFor("en");
const zh = messagesFor("zh-CN");

const tea = product({
  sku: "tea-oolong",
  name: { "zh-CN": "乌龙茶礼盒", en: "Oolong tea gift tin" },
  price: 12_900,
  was: null,
  image: null,
  usageDays: 45,
});
const gone = product({ sku: "mug-duo", name: { "zh-CN": "陶瓷对杯", en: "Ceramic mug pair" }, inStock: false });

function modelsOnFake() {
  const fake = new FakeTransport();
  const emitter = createEmitter();
  const models = createModels({
    transport: fake,
    playing: signal(true),
    visible: signal(true),
    emitter,
    server: "https://encore.example",
  });
  return { fake, emitter, models };
}

describe("products model", () => {
  it("follows the featured product from the snapshot and each push, and tells the page of a new price", () => {
    const { fake, emitter, models } = modelsOnFake();
    const told: (Product | null)[] = [];
    emitter.on("product", (p) => told.push(p));
    fake.push(ServerEvent.snapshot, snapshot({ product: product() }));
    expect(models.products.featured.value).toEqual(product());
    fake.push(ServerEvent.product, product({ price: 19_900 }));
    fake.push(ServerEvent.product, null);
    expect(models.products.featured.value).toBeNull();
    expect(told.map((p) => p?.price ?? null)).toEqual([21_900, 19_900, null]);
  });

  it("asks for the shelf when the drawer opens, takes pushes only while open, and says when it closes", async () => {
    const { fake, models } = modelsOnFake();
    fake.answer(ClientEvent.shelf, () => ({ ok: true, data: { products: [tea, gone] } }));
    fake.answer(ClientEvent.shelfClose, () => ({ ok: true, data: { closed: true } }));
    fake.push(ServerEvent.snapshot, snapshot());
    const list = shelfList(models.products);
    expect(fake.callsOf(ClientEvent.shelf)).toEqual([]);
    models.products.openShelf();
    expect(list.shelf.value).toBeNull();
    await waitFor(() => expect(list.shelf.value).toEqual([tea, gone]));
    fake.push(ServerEvent.shelf, { products: [tea] });
    expect(list.shelf.value).toEqual([tea]);

    // a reconnect without recovery is a new socket: the open drawer asks again
    fake.push(ServerEvent.snapshot, snapshot());
    expect(fake.callsOf(ClientEvent.shelf)).toHaveLength(2);

    models.products.closeShelf();
    expect(fake.callsOf(ClientEvent.shelfClose)).toEqual([{}]);
    fake.push(ServerEvent.shelf, { products: [gone] });
    expect(list.shelf.value).not.toEqual([gone]);
  });

  it("keeps a refusal of the shelf to show, and tries again on request", async () => {
    const { fake, models } = modelsOnFake();
    fake.answer(ClientEvent.shelf, () => ({ ok: false, error: { code: "rate_limited", message: "slow down" } }));
    const list = shelfList(models.products);
    models.products.openShelf();
    await waitFor(() => expect(list.error.value).toBe("rate_limited"));
    fake.answer(ClientEvent.shelf, () => ({ ok: true, data: { products: [tea] } }));
    list.retry();
    await waitFor(() => expect(list.shelf.value).toEqual([tea]));
    expect(list.error.value).toBeNull();
  });

  it("finds a picture given as a path on the Encore server, not on the streamer's page", async () => {
    const { fake, emitter, models } = modelsOnFake();
    const told: (string | null)[] = [];
    emitter.on("product", (p) => told.push(p?.image ?? null));
    const onServer = product({ image: "/demo/products/serum-30.svg" });
    fake.push(ServerEvent.snapshot, snapshot({ product: onServer }));
    expect(models.products.featured.value?.image).toBe("https://encore.example/demo/products/serum-30.svg");
    expect(told).toEqual(["https://encore.example/demo/products/serum-30.svg"]);
    fake.answer(ClientEvent.shelf, () => ({ ok: true, data: { products: [onServer, tea] } }));
    const list = shelfList(models.products);
    models.products.openShelf();
    await waitFor(() =>
      expect(list.shelf.value?.map((p) => p.image)).toEqual([
        "https://encore.example/demo/products/serum-30.svg",
        null,
      ]),
    );
    fake.push(ServerEvent.product, product());
    expect(models.products.featured.value?.image).toBe("https://cdn.example.com/serum.png");
    // a new buyer's suggestions may be catalogue products with their pictures on the server too
    fake.push(ServerEvent.card, {
      kind: "new_buyer",
      suggestions: [{ sku: "tea", name: "Tea", price: 100, image: "/img/tea.png" }],
    });
    expect(models.coupons.card.value).toEqual({
      kind: "new_buyer",
      suggestions: [{ sku: "tea", name: "Tea", price: 100, image: "https://encore.example/img/tea.png" }],
    });
  });

  it("buys through the page's handler with the product, and counts a product click", async () => {
    const { fake, emitter, models } = modelsOnFake();
    fake.answer(ClientEvent.track, () => ({ ok: true, data: { tracked: true } }));
    const bought: Product[] = [];
    emitter.on("buy", (p) => bought.push(p));
    models.products.buy(tea);
    expect(bought).toEqual([tea]);
    expect(fake.callsOf(ClientEvent.track)).toEqual([{ event: "product_click", sku: "tea-oolong" }]);
  });
});

let current: Mounted | null = null;
afterEach(() => {
  current?.unmount();
  current = null;
});

function mountWith(locale: "en" | "zh-CN" = "en") {
  const fake = new FakeTransport();
  const emitter = createEmitter();
  current = mountOverlay({ room: "room_1", locale, transport: fake, emitter, loadPanel: panelsEager });
  const ui = within(current.shadowRoot as unknown as HTMLElement);
  fake.answer(ClientEvent.track, () => ({ ok: true, data: { tracked: true } }));
  fake.answer(ClientEvent.shelfClose, () => ({ ok: true, data: { closed: true } }));
  return { fake, emitter, ui };
}

describe("product card", () => {
  it("shows the featured product over the stream: picture, name, price with the old price struck, buy", () => {
    const { fake, emitter, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    expect(ui.queryByTestId("product-card")).toBeNull();
    act(() => fake.push(ServerEvent.product, product()));
    const card = within(ui.getByRole("region", { name: en.product.showing }));
    expect(card.getByTestId("product-name").textContent).toBe("Hydrating serum 30 ml");
    expect(card.getByTestId("price").textContent).toBe("¥219");
    expect(card.getByTestId("was").textContent).toBe(`${en.product.was} ¥299`);
    expect(card.getByTestId("was").tagName).toBe("S");
    expect(ui.getByTestId("product-card").querySelector("img")?.getAttribute("src")).toBe(
      "https://cdn.example.com/serum.png",
    );

    const bought: string[] = [];
    emitter.on("buy", (p) => bought.push(p.sku));
    fireEvent.click(card.getByRole("button", { name: en.product.buyNamed("Hydrating serum 30 ml") }));
    expect(bought).toEqual(["serum-30"]);
    expect(fake.callsOf(ClientEvent.track)).toEqual([{ event: "product_click", sku: "serum-30" }]);

    act(() => fake.push(ServerEvent.product, null));
    expect(ui.queryByTestId("product-card")).toBeNull();
  });

  it("speaks the viewer's language, strikes no price that is not higher, and cannot sell what is out of stock", () => {
    const { fake, emitter, ui } = mountWith("zh-CN");
    act(() => fake.push(ServerEvent.snapshot, snapshot({ product: { ...tea, inStock: false } })));
    const card = within(ui.getByRole("region", { name: zh.product.showing }));
    expect(card.getByTestId("product-name").textContent).toBe("乌龙茶礼盒");
    expect(card.queryByTestId("was")).toBeNull();
    const bought: string[] = [];
    emitter.on("buy", (p) => bought.push(p.sku));
    const buy = card.getByRole("button", { name: zh.product.outOfStock }) as HTMLButtonElement;
    expect(buy.disabled).toBe(true);
    fireEvent.click(buy);
    expect(bought).toEqual([]);
  });

  it("is folded away with the rest of the overlay", () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot({ product: product() })));
    expect(ui.getByTestId("product-card")).toBeTruthy();
    fireEvent.click(ui.getByRole("button", { name: en.collapse }));
    expect(ui.queryByTestId("product-card")).toBeNull();
    expect(ui.queryByRole("button", { name: en.product.shelf })).toBeNull();
    // unfolded again: the overlay remembers the choice for the next mount
    fireEvent.click(ui.getByRole("button", { name: en.expand }));
    expect(ui.getByTestId("product-card")).toBeTruthy();
  });
});

describe("shelf drawer", () => {
  it("opens from the shelf button, lists the room's products with the featured one marked, and buys from a row", async () => {
    const { fake, emitter, ui } = mountWith();
    fake.answer(ClientEvent.shelf, () => ({ ok: true, data: { products: [product(), tea, gone] } }));
    act(() => fake.push(ServerEvent.snapshot, guestSnapshot({ product: product() })));
    fireEvent.click(ui.getByRole("button", { name: en.product.shelf }));
    const drawer = within(await ui.findByRole("dialog", { name: en.product.shelfTitle }));
    const list = within(await drawer.findByRole("list", { name: en.product.shelfTitle }));
    const rows = list.getAllByRole("listitem");
    expect(rows.map((r) => r.dataset.sku)).toEqual(["serum-30", "tea-oolong", "mug-duo"]);
    expect(rows[0]?.textContent).toContain(en.product.showing);
    expect(rows[1]?.textContent).not.toContain(en.product.showing);
    expect((within(rows[2] as HTMLElement).getByRole("button") as HTMLButtonElement).disabled).toBe(true);

    const bought: string[] = [];
    emitter.on("buy", (p) => bought.push(p.sku));
    fireEvent.click(
      within(rows[1] as HTMLElement).getByRole("button", { name: en.product.buyNamed("Oolong tea gift tin") }),
    );
    expect(bought).toEqual(["tea-oolong"]);
    expect(fake.callsOf(ClientEvent.track)).toEqual([{ event: "product_click", sku: "tea-oolong" }]);

    // the catalogue changed while the drawer is open
    act(() => fake.push(ServerEvent.shelf, { products: [tea] }));
    expect(list.getAllByRole("listitem").map((r) => r.dataset.sku)).toEqual(["tea-oolong"]);

    fireEvent.keyDown(drawer.getByRole("heading"), { key: "Escape" });
    expect(ui.queryByRole("dialog", { name: en.product.shelfTitle })).toBeNull();
    expect(fake.callsOf(ClientEvent.shelfClose)).toEqual([{}]);
  });

  it("says it is loading, then that the live has no products yet; closes when the membership sheet opens", async () => {
    const { fake, ui } = mountWith("zh-CN");
    let answer: (products: Product[]) => void = () => {};
    fake.answer(
      ClientEvent.shelf,
      () => new Promise((resolve) => (answer = (products) => resolve({ ok: true, data: { products } }))),
    );
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    fireEvent.click(ui.getByRole("button", { name: zh.product.shelf }));
    const drawer = within(ui.getByRole("dialog", { name: zh.product.shelfTitle }));
    expect(drawer.getByRole("status").textContent).toBe(zh.product.loading);
    await act(async () => answer([]));
    expect(drawer.getByText(zh.product.empty)).toBeTruthy();
    fireEvent.click(ui.getByRole("button", { name: new RegExp(zh.openPanel) }));
    expect(ui.queryByRole("dialog", { name: zh.product.shelfTitle })).toBeNull();
  });

  it("shows a refusal in words with a retry", async () => {
    const { fake, ui } = mountWith();
    fake.answer(ClientEvent.shelf, () => ({ ok: false, error: { code: "timeout", message: "no answer" } }));
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    fireEvent.click(ui.getByRole("button", { name: en.product.shelf }));
    expect((await ui.findByRole("alert")).textContent).toContain(en.errors.timeout);
    fake.answer(ClientEvent.shelf, () => ({ ok: true, data: { products: [tea] } }));
    fireEvent.click(ui.getByRole("button", { name: en.product.retry }));
    expect(await ui.findByRole("list", { name: en.product.shelfTitle })).toBeTruthy();
  });
});
