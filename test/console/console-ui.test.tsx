// @vitest-environment happy-dom
import { fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mountHost } from "../../console/index.js";
import { ClientEvent, HostEvent, HostPush, ServerEvent } from "../../protocol/events.js";
import type { Product } from "../../protocol/products.js";
import { FakeTransport } from "../helpers/fake-transport.js";
import { NOW, offerView, snapshotFor, stats, template } from "./builders.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  document.body.innerHTML = "";
});

/** Mounts the console on a fake transport, admitted as `role`, in English unless told. */
function open(
  options: { role?: "host" | "viewer" | null; token?: string | null; locale?: "en" | "zh-CN"; server?: string } = {},
) {
  const transport = new FakeTransport()
    .answer(HostEvent.templates, { ok: true, data: { templates: [template()] } })
    .answer(HostEvent.stats, { ok: true, data: stats() });
  const element = document.createElement("div");
  document.body.append(element);
  const unmount = mountHost(element, {
    room: "room-1",
    token: options.token === undefined ? "host.jwt" : options.token,
    locale: options.locale ?? "en",
    transport,
    ...(options.server ? { server: options.server } : {}),
  });
  cleanups.push(unmount);
  const shadow = element.querySelector("[data-encore-host]")?.shadowRoot as ShadowRoot;
  const ui = within(shadow as unknown as HTMLElement);
  const admit = (role: "host" | "viewer" | null = options.role === undefined ? "host" : options.role) => {
    transport.setLink({ state: "online" });
    transport.push(ServerEvent.snapshot, snapshotFor(role));
  };
  return { transport, element, shadow, ui, unmount, admit };
}

async function ready(options: Parameters<typeof open>[0] = {}) {
  const c = open(options);
  c.admit();
  await c.ui.findByRole("form", { name: options.locale === "zh-CN" ? "发起扣1" : "Start offer" });
  return c;
}

const type = (input: HTMLElement, value: string) => fireEvent.input(input, { target: { value } });

const serum: Product = {
  sku: "serum-30",
  name: { "zh-CN": "补水精华 30 ml", en: "Hydrating serum 30 ml" },
  price: 21_900,
  was: 29_900,
  image: "/demo/products/serum-30.svg",
  inStock: true,
  usageDays: 30,
};
const tea: Product = {
  sku: "tea-oolong",
  name: { "zh-CN": "乌龙茶礼盒", en: "Oolong tea gift tin" },
  price: 12_900,
  was: null,
  image: null,
  inStock: false,
  usageDays: 45,
};

describe("host console: who may use it", () => {
  it("says a host token is needed when the link has none", async () => {
    const { ui } = open({ token: null });
    expect((await ui.findByRole("alert")).textContent).toMatch(/needs a host token/);
    expect(ui.queryByRole("button", { name: "Start offer" })).toBeNull();
  });

  it("says a viewer's token is not a host's, from the snapshot's role", async () => {
    const { ui, admit } = open({ role: "viewer" });
    admit();
    expect((await ui.findByRole("alert")).textContent).toMatch(/belongs to a viewer, not a host/);
    expect(ui.queryByRole("button", { name: "Go live" })).toBeNull();
  });

  it("closes the panels when the server answers an action with forbidden", async () => {
    const c = open();
    c.transport.refuse(HostEvent.templates, "forbidden", "hosts only");
    c.admit();
    await waitFor(() => expect(c.ui.getByRole("alert").textContent).toMatch(/belongs to a viewer, not a host/));
    expect(c.ui.queryByRole("form", { name: "Start offer" })).toBeNull();
  });

  it("puts a refused handshake into words", async () => {
    const { ui, transport } = open();
    transport.setLink({ state: "offline", error: "token_expired" });
    expect((await ui.findByRole("alert")).textContent).toMatch(/refused this console: The host link has expired/);
  });

  it("says when the server cannot be reached, and opens once it can", async () => {
    const { ui, transport, admit } = open();
    transport.setLink({ state: "reconnecting" });
    expect((await ui.findByRole("alert")).textContent).toBe("The server cannot be reached. Check the connection.");
    admit();
    expect(await ui.findByRole("form", { name: "Start offer" })).toBeTruthy();
  });

  it("speaks Chinese by default and switches language from the header", async () => {
    const { ui, admit } = open({ locale: "zh-CN" });
    admit();
    await ui.findByRole("button", { name: "开播" });
    fireEvent.click(ui.getByRole("button", { name: "EN" }));
    expect(await ui.findByRole("button", { name: "Go live" })).toBeTruthy();
  });
});

describe("host console: actions", () => {
  it("loads the shop's templates once admitted and lists them", async () => {
    const { ui, transport } = await ready();
    const list = await ui.findByRole("list", { name: "Coupon templates" });
    expect(list.textContent).toContain("Member coupon");
    expect(list.textContent).toContain("¥20 off");
    expect(transport.callsOf(HostEvent.templates)).toEqual([{}]);
  });

  it("moves a template's issued count as the server pushes it, without a reload", async () => {
    const { ui, transport } = await ready();
    const list = await ui.findByRole("list", { name: "Coupon templates" });
    await waitFor(() => expect(list.textContent).toContain("0/500 issued"));
    transport.push(HostPush.templates, { templates: [template({ issued: 37 })] });
    await waitFor(() => expect(list.textContent).toContain("37/500 issued"));
    expect(transport.callsOf(HostEvent.templates)).toHaveLength(1);
  });

  it("goes live and ends live", async () => {
    const { ui, transport } = await ready();
    transport.answer(HostEvent.live, ({ live }) => ({
      ok: true,
      data: { id: "room-1", title: "Autumn knitwear live", live },
    }));
    fireEvent.click(ui.getByRole("button", { name: "Go live" }));
    await waitFor(() => expect(ui.getByTestId("live-badge").textContent).toBe("LIVE"));
    fireEvent.click(ui.getByRole("button", { name: "End live" }));
    await waitFor(() => expect(ui.getByTestId("live-badge").textContent).toBe("Off air"));
    expect(transport.callsOf(HostEvent.live)).toEqual([{ live: true }, { live: false }]);
  });

  it("features a product picked from the catalogue by its sku, then stops featuring it", async () => {
    // the console mounted on another origin than the Encore server's
    const { ui, transport, admit } = open({ server: "https://encore.example" });
    transport.answer(HostEvent.feature, ({ sku }) => ({
      ok: true,
      data: { product: [serum, tea].find((p) => p.sku === sku) ?? null },
    }));
    transport.answer(ClientEvent.shelf, { ok: true, data: { products: [serum, tea] } });
    admit();
    await ui.findByText("Nothing featured.");
    const list = within(await ui.findByRole("list", { name: "Catalogue" }));
    const rows = list.getAllByRole("listitem");
    expect(rows.map((r) => r.textContent)).toEqual([
      "Hydrating serum 30 ml¥219¥299In stockFeature",
      "Oolong tea gift tin¥129Out of stockFeature",
    ]);
    expect(rows[0]?.querySelector("img")?.getAttribute("src")).toBe(
      "https://encore.example/demo/products/serum-30.svg",
    );

    fireEvent.click(list.getByRole("button", { name: "Feature Hydrating serum 30 ml" }));
    await waitFor(() => expect(ui.getByTestId("featured").textContent).toContain("Hydrating serum 30 ml"));
    expect(ui.getByTestId("featured").textContent).toContain("serum-30¥219¥299");
    expect(transport.callsOf(HostEvent.feature)).toEqual([{ sku: "serum-30" }]);
    expect((list.getByRole("button", { name: "Showing" }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(ui.getByRole("button", { name: "Stop featuring" }));
    await ui.findByText("Nothing featured.");
    expect(transport.callsOf(HostEvent.feature)[1]).toEqual({ sku: null });
  });

  it("shows the catalogue in the console's language, follows its changes, and puts a refusal into words", async () => {
    const c = open({ locale: "zh-CN" });
    c.transport.answer(ClientEvent.shelf, { ok: true, data: { products: [serum] } });
    c.transport.refuse(HostEvent.feature, "product_not_found", "no product serum-30");
    c.admit();
    const list = within(await c.ui.findByRole("list", { name: "商品库" }));
    expect(list.getByRole("listitem").textContent).toContain("补水精华 30 ml");
    c.transport.push(ServerEvent.shelf, { products: [serum, tea] });
    await waitFor(() => expect(list.getAllByRole("listitem")).toHaveLength(2));
    fireEvent.click(list.getByRole("button", { name: "讲解 补水精华 30 ml" }));
    expect((await c.ui.findByRole("alert")).textContent).toContain("这个商品已不在店铺商品库中");
  });

  it("creates a template from every field and adds it to the list", async () => {
    const { ui, transport } = await ready();
    const created = template({
      id: "tpl-vip",
      name: { "zh-CN": "挚爱九折", en: "VIP 10% off" },
      kind: "percent",
      value: 10,
    });
    transport.answer(HostEvent.templateCreate, { ok: true, data: created });
    const form = ui.getByRole("form", { name: "Create template" });
    const f = within(form);
    type(f.getByLabelText("Name (中文)"), "挚爱九折");
    type(f.getByLabelText("Name (English)"), "VIP 10% off");
    fireEvent.change(f.getByLabelText("Kind"), { target: { value: "percent" } });
    type(await f.findByLabelText("Value (%)"), "10");
    type(f.getByLabelText("Minimum spend (¥)"), "99");
    type(f.getByLabelText("Valid days"), "14");
    fireEvent.change(f.getByLabelText("Tier gate"), { target: { value: "vip" } });
    type(f.getByLabelText("Stock"), "50");
    type(f.getByLabelText("Per viewer"), "2");
    type(f.getByLabelText("Points price"), "800");
    fireEvent.submit(form);
    await waitFor(() =>
      expect(ui.getByRole("list", { name: "Coupon templates" }).textContent).toContain("VIP 10% off"),
    );
    expect(transport.callsOf(HostEvent.templateCreate)).toEqual([
      {
        name: { "zh-CN": "挚爱九折", en: "VIP 10% off" },
        kind: "percent",
        value: 10,
        minSpend: 9900,
        validDays: 14,
        minTier: "vip",
        stock: 50,
        perViewerLimit: 2,
        pointsCost: 800,
      },
    ]);
  });

  it("sends an amount template's value in cents, with empty stock and points price as none", async () => {
    const { ui, transport } = await ready();
    transport.answer(HostEvent.templateCreate, { ok: true, data: template({ id: "tpl-2" }) });
    const form = ui.getByRole("form", { name: "Create template" });
    const f = within(form);
    type(f.getByLabelText("Name (中文)"), "满减");
    type(f.getByLabelText("Name (English)"), "Off");
    type(f.getByLabelText("Value (¥)"), "20");
    fireEvent.submit(form);
    await waitFor(() => expect(transport.callsOf(HostEvent.templateCreate)).toHaveLength(1));
    expect(transport.callsOf(HostEvent.templateCreate)[0]).toMatchObject({
      kind: "amount",
      value: 2000,
      minSpend: 0,
      validDays: 7,
      minTier: null,
      stock: null,
      perViewerLimit: 1,
      pointsCost: null,
    });
  });

  it("starts an offer with the chosen template, stock, seconds, tier and mode", async () => {
    const { ui, transport } = await ready();
    const started = offerView({ mode: "draw", minTier: "silver", minTierName: { "zh-CN": "铁粉", en: "Silver" } });
    transport.answer(HostEvent.offerStart, { ok: true, data: started });
    const form = await ui.findByRole("form", { name: "Start offer" });
    const f = within(form);
    expect((f.getByLabelText("Keyword") as HTMLInputElement).value).toBe("1");
    await waitFor(() => expect(f.getAllByRole("option", { name: /Member coupon/ })).toHaveLength(1));
    fireEvent.change(f.getByLabelText("Coupon"), { target: { value: "tpl-20off" } });
    type(f.getByLabelText("Stock"), "100");
    type(f.getByLabelText("Seconds (10–300)"), "45");
    const tiers = within(f.getByLabelText("Minimum tier"))
      .getAllByRole("option")
      .map((o) => o.textContent);
    expect(tiers).toEqual(["All members", "Fan", "Silver", "Gold", "VIP"]);
    fireEvent.change(f.getByLabelText("Minimum tier"), { target: { value: "silver" } });
    fireEvent.click(f.getByLabelText("Lucky draw"));
    fireEvent.submit(form);
    const card = await ui.findByTestId("offer-card");
    expect(card.textContent).toContain("Lucky draw");
    expect(card.textContent).toContain("Silver");
    expect(transport.callsOf(HostEvent.offerStart)).toEqual([
      { keyword: "1", templateId: "tpl-20off", stock: 100, durationSeconds: 45, minTier: "silver", mode: "draw" },
    ]);
    // while it is live there is nothing to start, only a way to stop
    expect(ui.queryByRole("form", { name: "Start offer" })).toBeNull();
  });

  it("stops the live offer early", async () => {
    const { ui, transport } = await ready();
    transport.push(ServerEvent.offer, offerView());
    transport.answer(HostEvent.offerStop, ({ offerId }) => ({
      ok: true,
      data: offerView({ id: offerId, status: "ended", endedAt: NOW + 5000 }),
    }));
    fireEvent.click(await ui.findByRole("button", { name: "Stop now" }));
    await waitFor(() => expect(ui.getByTestId("offer-status").textContent).toBe("Ended"));
    expect(transport.callsOf(HostEvent.offerStop)).toEqual([{ offerId: "offer-1" }]);
    expect(await ui.findByRole("form", { name: "Start offer" })).toBeTruthy();
  });

  it("shows an offer whose time is up as ended while the link is down, not live at 0:00", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(NOW);
      const { ui, transport } = await ready();
      // figures carry the server's time, here the (held) clock's
      transport.answer(HostEvent.stats, () => ({ ok: true, data: stats({ at: Date.now() }) }));
      transport.push(ServerEvent.snapshot, snapshotFor("host", { offer: offerView({ endsAt: NOW + 20_000 }) }));
      await waitFor(() => expect(ui.getByTestId("offer-status").textContent).toBe("Live"));
      // the link drops, and the offer's end passes without a word from the server
      vi.setSystemTime(NOW + 21_000);
      transport.setLink({ state: "reconnecting" });
      // the countdown's own tick (once a second) finds the time up
      await waitFor(() => expect(ui.getByTestId("offer-status").textContent).toBe("Ended"), { timeout: 3000 });
      expect(ui.queryByRole("button", { name: "Stop now" })).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("mutes and unmutes a commenter from the room's comments", async () => {
    const { ui, transport } = await ready();
    transport.answer(HostEvent.mute, ({ viewerId, muted }) => ({ ok: true, data: { viewerId, muted } }));
    // the hosts' copy of a room batch carries who said each comment; a comment's own id is not a viewer's
    transport.push(HostPush.comments, {
      comments: [
        { id: "c-1", viewerId: "viewer-amy", name: "Amy", text: "1", at: NOW },
        { id: "c-2", viewerId: "viewer-bo", name: "Bo", text: "spam spam", at: NOW + 10 },
      ],
    });
    const list = await ui.findByRole("list", { name: "Room comments" });
    // newest first
    expect(within(list).getAllByRole("listitem")[0]?.textContent).toContain("spam spam");
    fireEvent.click(ui.getByRole("button", { name: "Mute Bo" }));
    await ui.findByRole("button", { name: "Unmute Bo" });
    fireEvent.click(ui.getByRole("button", { name: "Unmute Bo" }));
    await ui.findByRole("button", { name: "Mute Bo" });
    expect(transport.callsOf(HostEvent.mute)).toEqual([
      { viewerId: "viewer-bo", muted: true },
      { viewerId: "viewer-bo", muted: false },
    ]);
  });

  it("cuts a long comment between graphemes, never inside a family emoji, and keeps it whole in the tooltip", async () => {
    const { ui, transport } = await ready();
    const family = "👨‍👩‍👧";
    const text = `${"a".repeat(117)}${family}${family}${"b".repeat(30)}`;
    transport.push(HostPush.comments, {
      comments: [{ id: "c-1", viewerId: "viewer-amy", name: "Amy", text, at: NOW }],
    });
    const line = await ui.findByTitle(text);
    expect(line.textContent).toBe(`${"a".repeat(117)}${family}${family}…`);
  });
});

describe("host console: refusals in words", () => {
  it.each([
    ["en", "offer_live", "An offer is already live in this room"],
    ["zh-CN", "offer_live", "直播间已有进行中的扣1"],
    ["en", "duration_invalid", "between 10 and 300 seconds"],
    ["zh-CN", "duration_invalid", "10 到 300 秒"],
    ["en", "stock_invalid", "Stock must be a whole number above zero"],
    ["en", "template_not_found", "not one of this shop's"],
    ["en", "rate_limited", "Too many actions at once"],
    ["en", "timeout", "did not answer in time"],
  ] as const)("%s: an offer refused with %s says so", async (locale, code, words) => {
    const { ui, transport } = await ready({ locale });
    transport.refuse(HostEvent.offerStart, code);
    const form = await ui.findByRole("form", { name: locale === "en" ? "Start offer" : "发起扣1" });
    await within(form).findByRole("option", { name: /满减券|Member coupon/ });
    fireEvent.change(within(form).getByLabelText(locale === "en" ? "Coupon" : "优惠券"), {
      target: { value: "tpl-20off" },
    });
    fireEvent.submit(form);
    expect((await within(form).findByRole("alert")).textContent).toContain(words);
  });

  it("shows each action's refusal next to that action", async () => {
    const { ui, transport } = await ready();
    transport.refuse(HostEvent.live, "room_not_found");
    fireEvent.click(ui.getByRole("button", { name: "Go live" }));
    expect((await ui.findByRole("alert")).textContent).toContain("This live room does not exist");
    fireEvent.click(ui.getByRole("button", { name: "Dismiss" }));
    await waitFor(() => expect(ui.queryByRole("alert")).toBeNull());

    transport.push(ServerEvent.offer, offerView());
    transport.refuse(HostEvent.offerStop, "offer_ended");
    fireEvent.click(await ui.findByRole("button", { name: "Stop now" }));
    expect((await ui.findByRole("alert")).textContent).toContain("That offer has already ended.");

    transport.push(HostPush.comments, {
      comments: [{ id: "c-9", viewerId: "v-x", name: "X", text: "hi", at: NOW }],
    });
    transport.refuse(HostEvent.mute, "viewer_not_found");
    fireEvent.click(await ui.findByRole("button", { name: "Mute X" }));
    await waitFor(() =>
      expect(ui.getAllByRole("alert").map((a) => a.textContent)).toContainEqual(
        expect.stringContaining("That viewer is not known in this shop."),
      ),
    );
  });
});

describe("host console: the live panel", () => {
  it("moves with every stats push: room numbers, claims against stock, chart and winners", async () => {
    const { ui, transport } = await ready();
    transport.push(ServerEvent.offer, offerView({ stock: 100, remaining: 100 }));
    transport.push(
      HostPush.stats,
      stats({
        at: NOW + 1000,
        viewers: 4210,
        commentsPerSecond: 380,
        matchesPerSecond: 312,
        pointsIssuedThisLive: 12500,
        offer: { id: "offer-1", claimed: 40, stock: 100, soldOutMs: null, entries: 0 },
        winners: [{ viewerId: "viewer-amy", name: "Amy", at: NOW + 900 }],
      }),
    );
    await waitFor(() => expect(ui.getByTestId("stat-viewers").textContent).toBe("4,210"));
    expect(ui.getByTestId("stat-comments").textContent).toBe("380");
    expect(ui.getByTestId("stat-matches").textContent).toBe("312");
    expect(ui.getByTestId("stat-points").textContent).toBe("12,500");
    expect(ui.getByTestId("stat-claims").textContent).toBe("40 / 100");
    expect(ui.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("40");
    // 40 claimed in 1 s: 60 more at that pace take 1.5 s more
    expect(ui.getByTestId("stat-sellout").textContent).toBe("≈ 2.5 s");
    expect(ui.getByRole("list", { name: "Winners" }).textContent).toContain("Amy");

    transport.push(ServerEvent.offerStock, { offerId: "offer-1", remaining: 0, claimed: 100 });
    transport.push(
      HostPush.stats,
      stats({
        at: NOW + 2000,
        viewers: 4300,
        commentsPerSecond: 120,
        matchesPerSecond: 90,
        pointsIssuedThisLive: 12600,
        offer: { id: "offer-1", claimed: 100, stock: 100, soldOutMs: 1800, entries: 0 },
        winners: [
          { viewerId: "viewer-bo", name: null, at: NOW + 1500 },
          { viewerId: "viewer-amy", name: "Amy", at: NOW + 900 },
        ],
      }),
    );
    await waitFor(() => expect(ui.getByTestId("stat-claims").textContent).toBe("100 / 100"));
    expect(ui.getByTestId("stat-viewers").textContent).toBe("4,300");
    expect(ui.getByTestId("stat-sellout").textContent).toBe("1.8 s");
    expect(ui.getByTestId("offer-left").textContent).toContain("0 / 100");
    // a winner without a name is their number in the order they won, never their id
    const winners = ui.getAllByRole("listitem").map((li) => li.textContent);
    expect(winners).toContainEqual(expect.stringContaining("Winner #100"));
    expect(winners.join()).not.toContain("viewer-bo");
    const chart = ui.getByRole("img", { name: "Last 5 minutes" });
    // the first figure comes from host:stats:get, then two pushes
    expect(chart.getAttribute("data-points")).toBe("3");
    expect(chart.querySelectorAll("polyline")).toHaveLength(3);
  });

  it("shows draw entries for a lucky-draw offer", async () => {
    const { ui, transport } = await ready();
    transport.push(ServerEvent.offer, offerView({ mode: "draw" }));
    transport.push(
      HostPush.stats,
      stats({ offer: { id: "offer-1", claimed: 0, stock: 100, soldOutMs: null, entries: 873 } }),
    );
    await waitFor(() => expect(ui.getByTestId("stat-entries").textContent).toBe("873"));
    // a draw has no sell-out: winners are drawn at the end
    expect(ui.queryByTestId("stat-sellout")).toBeNull();
  });

  it("says when the link drops while the console is in use, and when it is back", async () => {
    const { ui, transport } = await ready();
    transport.setLink({ state: "reconnecting" });
    expect((await ui.findByRole("status")).textContent).toBe("Connection lost, reconnecting…");
    transport.setLink({ state: "online" });
    await waitFor(() => expect(ui.queryByRole("status")).toBeNull());
  });

  it("says an action taken while the link is down was not sent", async () => {
    const { ui, transport } = await ready();
    transport.setLink({ state: "reconnecting" });
    transport.refuse(HostEvent.live, "offline", "not sent: there was no link to the server");
    fireEvent.click(ui.getByRole("button", { name: "Go live" }));
    expect((await ui.findByRole("alert")).textContent).toContain(
      "Not sent: the console is offline. Try again once it has reconnected.",
    );
  });

  it("follows the room's live state pushed by the server", async () => {
    const { ui, transport } = await ready();
    transport.push(ServerEvent.room, { id: "room-1", title: "Autumn knitwear live", live: true, minTier: null });
    await waitFor(() => expect(ui.getByTestId("live-badge").textContent).toBe("LIVE"));
  });
});

describe("host console: mounting", () => {
  it("unmount leaves no element, no listener and no open transport behind", async () => {
    const { transport, element, unmount, ui } = await ready();
    transport.push(ServerEvent.offer, offerView());
    await ui.findByTestId("offer-card");
    expect(transport.listenerCount()).toBeGreaterThan(0);
    unmount();
    expect(element.childNodes).toHaveLength(0);
    expect(transport.listenerCount()).toBe(0);
    expect(transport.closed).toBe(true);
    // a second unmount is harmless
    unmount();
  });

  it("mounting twice gives two independent consoles, and unmounting both leaves the page as it was", async () => {
    const before = document.body.innerHTML;
    const a = await ready();
    const b = await ready();
    a.transport.push(HostPush.stats, stats({ viewers: 11 }));
    await waitFor(() => expect(a.ui.getByTestId("stat-viewers").textContent).toBe("11"));
    expect(b.ui.getByTestId("stat-viewers").textContent).not.toBe("11");
    a.unmount();
    b.unmount();
    a.element.remove();
    b.element.remove();
    expect(document.body.innerHTML).toBe(before);
    expect(a.transport.listenerCount() + b.transport.listenerCount()).toBe(0);
  });
});

describe("host console: coupons in words", () => {
  const used = template({
    id: "tpl-gone",
    name: { "zh-CN": "满100减10", en: "¥10 off ¥100" },
    value: 1000,
    minSpend: 10_000,
    stock: 5,
    issued: 5,
  });
  const fiveOff = template({
    id: "tpl-5off",
    name: { "zh-CN": "5元无门槛券", en: "¥5 off" },
    value: 500,
    minSpend: 0,
    stock: null,
  });
  const withTemplates = async (templates: ReturnType<typeof template>[], locale: "en" | "zh-CN" = "en") => {
    const c = open({ locale });
    c.transport.answer(HostEvent.templates, { ok: true, data: { templates } });
    c.admit();
    const form = await c.ui.findByRole("form", { name: locale === "en" ? "Start offer" : "发起扣1" });
    await within(form).findAllByRole("option", { name: /¥10 off ¥100|5元|¥5/ });
    return { ...c, form: within(form) };
  };

  it("the coupon menu starts on the first template that can be used, and starts an offer with it", async () => {
    const { form, transport } = await withTemplates([used, fiveOff, template()]);
    const menu = form.getByLabelText("Coupon") as HTMLSelectElement;
    await waitFor(() => expect(menu.value).toBe("tpl-5off"));
    const options = within(menu).getAllByRole("option") as HTMLOptionElement[];
    expect(options.map((o) => [o.textContent, o.disabled])).toEqual([
      ["¥10 off ¥100 (none left)", true],
      ["¥5 off", false],
      ["Member coupon · ¥20 off orders over ¥199", false],
    ]);
    transport.answer(HostEvent.offerStart, { ok: true, data: offerView() });
    fireEvent.submit(menu.closest("form") as HTMLFormElement);
    await waitFor(() => expect(transport.callsOf(HostEvent.offerStart)).toHaveLength(1));
    expect(transport.callsOf(HostEvent.offerStart)[0]).toMatchObject({ templateId: "tpl-5off" });
  });

  it("says so instead of a blank choice when no template can be used", async () => {
    const { form } = await withTemplates([used]);
    const menu = form.getByLabelText("Coupon") as HTMLSelectElement;
    expect(menu.value).toBe("");
    expect(menu.options[0]?.textContent).toBe("Every template is issued in full");
  });

  it("writes Chinese coupons as shoppers read them, the name and the terms once each", async () => {
    const percent = template({
      id: "tpl-vip",
      name: { "zh-CN": "挚爱专享", en: "VIP only" },
      kind: "percent",
      value: 20,
      minSpend: 0,
    });
    const { ui, form, transport } = await withTemplates([fiveOff, template(), percent], "zh-CN");
    const labels = within(form.getByLabelText("优惠券"))
      .getAllByRole("option")
      .map((o) => o.textContent);
    expect(labels).toEqual(["5元无门槛券", "会员满减券 · 满199减20", "挚爱专享 · 8折"]);
    const list = ui.getByRole("list", { name: "优惠券模板" });
    expect(list.textContent).toContain("会员满减券满199减20");
    expect(list.textContent).not.toContain("¥");
    transport.push(ServerEvent.offer, offerView());
    expect((await ui.findByTestId("offer-card")).textContent).toContain("会员满减券满199减20");
  });
});

describe("host console: winners", () => {
  const winner = (n: number) => ({ viewerId: `v-${n}`, name: `Fan ${n}`, at: NOW + n });
  /** the newest 50 of 120 winners, as the stats push carries them */
  const newest = Array.from({ length: 50 }, (_, i) => winner(120 - i));

  it("counts this deal's winners as its claims do, names the deal, and shows the whole list on request", async () => {
    const { ui, transport } = await ready();
    transport.push(ServerEvent.offer, offerView({ stock: 200, remaining: 80 }));
    transport.push(
      HostPush.stats,
      stats({ offer: { id: "offer-1", claimed: 120, stock: 200, soldOutMs: null, entries: 120 }, winners: newest }),
    );
    await waitFor(() => expect(ui.getByTestId("winners-count").textContent).toBe("120"));
    expect(ui.getByTestId("stat-claims").textContent).toBe("120 / 200");
    expect(ui.getByTestId("winners-deal").textContent).toBe("“1” · Member coupon · ¥20 off orders over ¥199");
    const list = ui.getByRole("list", { name: "Winners" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(50);
    expect(within(list).getAllByRole("listitem")[0]?.textContent).toMatch(/^120Fan 120/);

    transport.answer(HostEvent.winners, ({ offerId, offset = 0 }) => ({
      ok: true,
      data: {
        offerId,
        total: 120,
        offset,
        winners: Array.from({ length: Math.min(100, 120 - offset) }, (_, i) => winner(offset + i + 1)),
      },
    }));
    fireEvent.click(ui.getByRole("button", { name: "Show all 120" }));
    await waitFor(() =>
      expect(within(ui.getByRole("list", { name: "Winners" })).getAllByRole("listitem")).toHaveLength(100),
    );
    expect(within(ui.getByRole("list", { name: "Winners" })).getAllByRole("listitem")[0]?.textContent).toMatch(
      /^1Fan 1/,
    );
    fireEvent.click(ui.getByRole("button", { name: "Show more (100 of 120)" }));
    await waitFor(() =>
      expect(within(ui.getByRole("list", { name: "Winners" })).getAllByRole("listitem")).toHaveLength(120),
    );
    expect(ui.queryByRole("button", { name: /Show more/ })).toBeNull();
    expect(transport.callsOf(HostEvent.winners)).toEqual([
      { offerId: "offer-1", offset: 0 },
      { offerId: "offer-1", offset: 100 },
    ]);
    fireEvent.click(ui.getByRole("button", { name: "Newest only" }));
    await waitFor(() =>
      expect(within(ui.getByRole("list", { name: "Winners" })).getAllByRole("listitem")).toHaveLength(50),
    );
  });

  it("a new deal starts its own list: the last deal's whole list closes", async () => {
    const { ui, transport } = await ready();
    transport.answer(HostEvent.winners, ({ offerId }) => ({
      ok: true,
      data: { offerId, total: 120, offset: 0, winners: [winner(1)] },
    }));
    transport.push(ServerEvent.offer, offerView());
    transport.push(
      HostPush.stats,
      stats({ offer: { id: "offer-1", claimed: 120, stock: 200, soldOutMs: null, entries: 120 }, winners: newest }),
    );
    fireEvent.click(await ui.findByRole("button", { name: "Show all 120" }));
    await waitFor(() => expect(ui.getByRole("list", { name: "Winners" }).dataset.whole).toBe("true"));
    transport.push(ServerEvent.offer, offerView({ id: "offer-2", keyword: "2" }));
    transport.push(
      HostPush.stats,
      stats({ offer: { id: "offer-2", claimed: 1, stock: 10, soldOutMs: null, entries: 1 }, winners: [winner(7)] }),
    );
    await waitFor(() => expect(ui.getByTestId("winners-count").textContent).toBe("1"));
    const list = ui.getByRole("list", { name: "Winners" });
    expect(list.dataset.whole).toBe("false");
    expect(list.textContent).toBe(`1Fan 7${new Date(NOW + 7).toTimeString().slice(0, 8)}`);
    expect(ui.getByTestId("winners-deal").textContent).toMatch(/^“2”/);
  });
});

describe("host console: the camera", () => {
  it("shows no empty preview while the camera is off, and the preview once it starts", async () => {
    const transport = new FakeTransport()
      .answer(HostEvent.templates, { ok: true, data: { templates: [] } })
      .answer(HostEvent.stats, { ok: true, data: stats() });
    const element = document.createElement("div");
    document.body.append(element);
    // the SDK never arrives: the camera stays "starting"
    cleanups.push(
      mountHost(element, {
        room: "room-1",
        token: "host.jwt",
        locale: "en",
        transport,
        loadAgora: () => new Promise(() => {}),
      }),
    );
    const ui = within(element.querySelector("[data-encore-host]")?.shadowRoot as unknown as HTMLElement);
    transport.setLink({ state: "online" });
    transport.push(ServerEvent.snapshot, snapshotFor("host"));
    const preview = await ui.findByTestId("camera-preview");
    expect(preview.hidden).toBe(true);
    fireEvent.click(ui.getByRole("button", { name: "Turn on camera and microphone" }));
    await waitFor(() => expect(preview.hidden).toBe(false));
    expect(ui.getByRole("status").textContent).toBe("Starting the camera…");
  });
});
