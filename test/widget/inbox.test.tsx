// @vitest-environment happy-dom
import { act, fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { ClientEvent, ServerEvent } from "../../protocol/events.js";
import type { InboxState, TouchView } from "../../protocol/lifecycle.js";
import { createEmitter } from "../../widget/core/emitter.js";
import { messagesFor } from "../../widget/i18n/index.js";
import { panelsEager } from "../../widget/lazy/load-eager.js";
import { type Mounted, mountOverlay } from "../../widget/mount.js";
import { FakeTransport } from "../helpers/fake-transport.js";
import { coupon, guestSnapshot, snapshot, touch } from "./builders.js";

const en = messagesFor("en");
const zh = messagesFor("zh-CN");
let current: Mounted | null = null;

afterEach(() => {
  current?.unmount();
  current = null;
});

const replenish = touch({
  id: "t_3",
  kind: "replenish",
  words: {
    "zh-CN": "你的补水精华快用完了，这张券下次买用得上。",
    en: "Your hydrating serum is running low: here is a coupon for the next bottle.",
  },
  coupon: coupon({ code: "ENC-RPL-8K2M", name: { "zh-CN": "补货券", en: "Refill coupon" } }),
  createdAt: Date.UTC(2026, 10, 28),
});
const thanks = touch({ id: "t_1", createdAt: Date.UTC(2026, 10, 20), seen: true });
const winBack = touch({
  id: "t_2",
  kind: "win_back",
  words: { "zh-CN": "好久不见，回来看看今晚的直播吧。", en: "It has been a while: come and see tonight's live." },
  createdAt: Date.UTC(2026, 10, 24),
});

/** a fake server whose inbox holds `touches`, marking seen what it is told and answering the badge */
function inboxServer(fake: FakeTransport, touches: TouchView[], optedOut = false) {
  const server = { touches: [...touches], optedOut };
  const state = (): InboxState => ({ unseen: server.touches.filter((t) => !t.seen).length, optedOut: server.optedOut });
  fake.answer(ClientEvent.inbox, () => ({ ok: true, data: { touches: server.touches } }));
  fake.answer(ClientEvent.inboxSeen, ({ ids }) => {
    server.touches = server.touches.map((t) => (ids.includes(t.id) ? { ...t, seen: true } : t));
    return { ok: true, data: state() };
  });
  fake.answer(ClientEvent.contact, ({ optOut }) => {
    server.optedOut = optOut;
    return { ok: true, data: state() };
  });
  return { server, state };
}

function mountWith(locale: "en" | "zh-CN" = "en") {
  const fake = new FakeTransport({ unanswered: "timeout" });
  current = mountOverlay({ room: "room_1", locale, transport: fake, emitter: createEmitter(), loadPanel: panelsEager });
  const ui = within(current.shadowRoot as unknown as HTMLElement);
  return { fake, ui };
}

const inboxButton = (ui: ReturnType<typeof within>, m = en) =>
  ui.queryByRole("button", { name: new RegExp(m.inbox.title) });

describe("the for-you inbox", () => {
  it("shows the unseen count on the first screen, and none to a guest", () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot({ inbox: { unseen: 2, optedOut: false } })));
    expect(inboxButton(ui)?.textContent).toBe(`${en.inbox.title}2`);
    act(() => fake.push(ServerEvent.snapshot, snapshot({ inbox: { unseen: 0, optedOut: false } })));
    expect(inboxButton(ui)?.textContent).toBe(en.inbox.title);
    act(() => fake.push(ServerEvent.snapshot, guestSnapshot({ inbox: null })));
    expect(inboxButton(ui)).toBeNull();
    // a touch cannot reach a guest's badge either
    act(() => fake.push(ServerEvent.touch, winBack));
    expect(inboxButton(ui)).toBeNull();
  });

  it("lists the touches newest first in the overlay's language, with the coupon as the wallet shows it", async () => {
    for (const [locale, m] of [
      ["en", en],
      ["zh-CN", zh],
    ] as const) {
      const { fake, ui } = mountWith(locale);
      inboxServer(fake, [thanks, replenish, winBack]);
      act(() => fake.push(ServerEvent.snapshot, snapshot({ inbox: { unseen: 2, optedOut: false } })));
      fireEvent.click(inboxButton(ui, m) as HTMLElement);
      const dialog = within(await ui.findByRole("dialog", { name: m.inbox.title }));
      const items = await dialog.findAllByRole("listitem");
      expect(items.map((item) => item.dataset.touch)).toEqual(["t_3", "t_2", "t_1"]);
      expect(items[0]?.textContent).toContain(replenish.words[locale]);
      expect(items[1]?.textContent).toContain(winBack.words[locale]);
      expect(items[2]?.textContent).toContain(thanks.words[locale]);
      // the coupon: its name, terms and code, with the copy button
      const card = within(items[0] as HTMLElement);
      expect(card.getByText(locale === "en" ? "Refill coupon" : "补货券")).toBeTruthy();
      expect(card.getByText(m.coupons.minSpend("99"))).toBeTruthy();
      expect(card.getByText("ENC-RPL-8K2M")).toBeTruthy();
      expect(card.getByRole("button", { name: `${m.coupons.copy} ENC-RPL-8K2M` })).toBeTruthy();
      // what came since the last visit is marked new, what was seen before is not
      expect(within(items[0] as HTMLElement).queryByText(m.inbox.new)).not.toBeNull();
      expect(within(items[2] as HTMLElement).queryByText(m.inbox.new)).toBeNull();
      current?.unmount();
      current = null;
    }
  });

  it("marks what it shows seen, so the badge clears", async () => {
    const { fake, ui } = mountWith();
    inboxServer(fake, [thanks, replenish, winBack]);
    act(() => fake.push(ServerEvent.snapshot, snapshot({ inbox: { unseen: 2, optedOut: false } })));
    fireEvent.click(inboxButton(ui) as HTMLElement);
    await waitFor(() => expect(fake.callsOf(ClientEvent.inboxSeen)).toEqual([{ ids: ["t_3", "t_2"] }]));
    await waitFor(() => expect(inboxButton(ui)?.textContent).toBe(en.inbox.title));
    // closing and opening again asks afresh and marks nothing twice
    fireEvent.click(ui.getByRole("button", { name: en.closePanel }));
    expect(ui.queryByRole("dialog")).toBeNull();
    fireEvent.click(inboxButton(ui) as HTMLElement);
    await waitFor(() => expect(fake.callsOf(ClientEvent.inbox)).toHaveLength(2));
    expect(fake.callsOf(ClientEvent.inboxSeen)).toHaveLength(1);
  });

  it("counts a touch pushed while closed, and shows one pushed while open, marked seen", async () => {
    const { fake, ui } = mountWith();
    const { server } = inboxServer(fake, [thanks]);
    act(() => fake.push(ServerEvent.snapshot, snapshot({ inbox: { unseen: 0, optedOut: false } })));
    server.touches.push(winBack);
    act(() => fake.push(ServerEvent.touch, winBack));
    expect(inboxButton(ui)?.textContent).toBe(`${en.inbox.title}1`);
    fireEvent.click(inboxButton(ui) as HTMLElement);
    const dialog = within(await ui.findByRole("dialog"));
    await waitFor(() => expect(dialog.getAllByRole("listitem")).toHaveLength(2));
    await waitFor(() => expect(inboxButton(ui)?.textContent).toBe(en.inbox.title));

    server.touches.push(replenish);
    act(() => fake.push(ServerEvent.touch, replenish));
    await waitFor(() =>
      expect(dialog.getAllByRole("listitem").map((item) => item.dataset.touch)).toEqual(["t_3", "t_2", "t_1"]),
    );
    await waitFor(() => expect(fake.callsOf(ClientEvent.inboxSeen).at(-1)).toEqual({ ids: ["t_3"] }));
    await waitFor(() => expect(inboxButton(ui)?.textContent).toBe(en.inbox.title));
  });

  it("says so when there is nothing yet, and offers a retry when the list cannot come", async () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    fireEvent.click(inboxButton(ui) as HTMLElement);
    const dialog = within(await ui.findByRole("dialog"));
    expect((await dialog.findByRole("alert")).textContent).toContain(en.errors.timeout);
    inboxServer(fake, []);
    fireEvent.click(dialog.getByRole("button", { name: en.lazy.retry }));
    expect(await dialog.findByText(en.inbox.empty)).toBeTruthy();
  });

  it("switches messages between lives off and on, from the state in the snapshot", async () => {
    const { fake, ui } = mountWith();
    const { server } = inboxServer(fake, [], true);
    act(() => fake.push(ServerEvent.snapshot, snapshot({ inbox: { unseen: 0, optedOut: true } })));
    fireEvent.click(inboxButton(ui) as HTMLElement);
    const dialog = within(await ui.findByRole("dialog"));
    const toggle = dialog.getByRole("switch", { name: en.inbox.optOut });
    expect(toggle.getAttribute("aria-checked")).toBe("true");
    expect(dialog.getByText(en.inbox.optedOut)).toBeTruthy();
    fireEvent.click(toggle);
    await waitFor(() => expect(toggle.getAttribute("aria-checked")).toBe("false"));
    expect(fake.callsOf(ClientEvent.contact)).toEqual([{ optOut: false }]);
    expect(server.optedOut).toBe(false);
    // refused: the switch goes back and says why
    fake.refuse(ClientEvent.contact, "rate_limited");
    fireEvent.click(toggle);
    expect(await dialog.findByText(en.errors.rate_limited)).toBeTruthy();
    expect(toggle.getAttribute("aria-checked")).toBe("false");
  });

  it("is one sheet among the others: opening it closes the membership sheet, and the other way round", async () => {
    const { fake, ui } = mountWith();
    inboxServer(fake, [thanks]);
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    fireEvent.click(ui.getByRole("button", { name: new RegExp(en.openPanel) }));
    await ui.findByRole("dialog", { name: en.openPanel });
    fireEvent.click(inboxButton(ui) as HTMLElement);
    await ui.findByRole("dialog", { name: en.inbox.title });
    expect(ui.getAllByRole("dialog")).toHaveLength(1);
    fireEvent.click(ui.getByRole("button", { name: new RegExp(en.openPanel) }));
    await ui.findByRole("dialog", { name: en.openPanel });
    expect(ui.getAllByRole("dialog")).toHaveLength(1);
  });

  it("lets go of every listener when unmounted with the inbox open", async () => {
    const { fake, ui } = mountWith();
    inboxServer(fake, [thanks]);
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    fireEvent.click(inboxButton(ui) as HTMLElement);
    await ui.findByRole("dialog");
    current?.unmount();
    current = null;
    expect(fake.listenerCount()).toBe(0);
  });
});
