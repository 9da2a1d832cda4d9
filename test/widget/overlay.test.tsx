// @vitest-environment happy-dom
import { act, fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_CONFIG } from "../../protocol/config.js";
import { ERROR_CODES } from "../../protocol/errors.js";
import { ClientEvent, ServerEvent } from "../../protocol/events.js";
import { CLAIM_REFUSALS, type ClaimOutcome } from "../../protocol/live.js";
import type { Snapshot } from "../../protocol/wire.js";
import { createEmitter, type PageEvents } from "../../widget/core/emitter.js";
import { errorText, messagesFor } from "../../widget/i18n/index.js";
import { panelsFromChunks } from "../../widget/lazy/load-chunks.js";
import { panelsEager } from "../../widget/lazy/load-eager.js";
import { type Mounted, mountOverlay } from "../../widget/mount.js";
import { FakeTransport } from "../helpers/fake-transport.js";
import { coupon, guestSnapshot, offer, snapshot, wallet, won } from "./builders.js";

const en = messagesFor("en");
const zh = messagesFor("zh-CN");
let current: Mounted | null = null;

function mountWith(locale = "en") {
  const fake = new FakeTransport({ unanswered: "timeout" });
  const emitter = createEmitter();
  current = mountOverlay({ room: "room_1", locale, transport: fake, emitter, loadPanel: panelsEager });
  const ui = within(current.shadowRoot as unknown as HTMLElement);
  return { fake, emitter, ui, mounted: current };
}

/** Opens the membership panel and waits for it: it loads on first open, like every panel beyond the first screen. */
async function openPanel(ui: ReturnType<typeof within>) {
  fireEvent.click(ui.getByRole("button", { name: new RegExp(en.openPanel) }));
  return ui.findByRole("dialog");
}

afterEach(() => {
  current?.unmount();
  current = null;
});

describe("overlay states", () => {
  it("says it is connecting, then shows points and tier; reconnecting keeps them, marked stale", async () => {
    const { fake, ui } = mountWith();
    expect(ui.getByRole("status").textContent).toContain(en.status.connecting);
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    expect(ui.getByTestId("points").textContent).toBe("1,280");
    expect(ui.getByTestId("tier-badge").textContent).toBe("Silver");
    expect(ui.queryByRole("status")).toBeNull();
    act(() => fake.setLink({ state: "reconnecting" }));
    expect(ui.getByRole("status").textContent).toContain(en.status.reconnecting);
    expect(ui.getByTestId("points").textContent).toBe("1,280");
    expect(ui.getByRole("button", { name: new RegExp(en.openPanel) }).dataset.stale).toBe("true");
    act(() => fake.setLink({ state: "online" }));
    expect(ui.getByRole("button", { name: new RegExp(en.openPanel) }).dataset.stale).toBeUndefined();
  });

  it("says it is still connecting when the first attempts fail: there are no last values to show yet", () => {
    const { fake, ui } = mountWith();
    act(() => fake.setLink({ state: "reconnecting" }));
    expect(ui.getByRole("status").textContent).toBe(en.status.connecting);
    expect(ui.queryByRole("button", { name: en.status.retry })).toBeNull();
  });

  it("goes offline with the refusal in words and a retry", () => {
    const { fake, ui } = mountWith();
    act(() => fake.setLink({ state: "offline", error: "token_expired" }));
    expect(ui.getByRole("status").textContent).toContain(en.errors.token_expired);
    fireEvent.click(ui.getByRole("button", { name: en.status.retry }));
    expect(fake.reconnects).toBe(1);
  });

  it("shows a +N when points arrive", () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    expect(ui.queryByTestId("gain")).toBeNull();
    act(() => fake.push(ServerEvent.wallet, { wallet: wallet(1292), delta: 12, reason: "watch" }));
    expect(ui.getByTestId("gain").textContent).toBe("+12");
    expect(ui.getByTestId("points").textContent).toBe("1,292");
  });

  it("shows the member-day banner and the segment cards", () => {
    const { fake, ui } = mountWith();
    act(() =>
      fake.push(
        ServerEvent.snapshot,
        snapshot({ watch: { ...snapshot().watch!, memberDay: true }, card: { kind: "dormant", points: 1280 } }),
      ),
    );
    expect(ui.getByTestId("member-day").textContent).toContain(en.memberDay);
    expect(ui.getByText(en.card.dormantTitle)).toBeTruthy();
    expect(ui.getByText(en.card.dormantBody(1280))).toBeTruthy();
    act(() =>
      fake.push(ServerEvent.card, {
        kind: "new_buyer",
        suggestions: [{ sku: "tee", name: "Linen tee", price: 12900, image: null }],
      }),
    );
    expect(ui.getByText(en.card.newBuyerTitle)).toBeTruthy();
    expect(ui.getByText("Linen tee")).toBeTruthy();
    expect(ui.getByText(en.card.howItWorks)).toBeTruthy();
    fireEvent.click(ui.getByRole("button", { name: en.card.dismiss }));
    expect(ui.queryByText(en.card.newBuyerTitle)).toBeNull();
  });

  it("asks a guest to log in through the page's login-request handler", () => {
    const { fake, ui, emitter } = mountWith();
    const asked: PageEvents["login-request"][] = [];
    emitter.on("login-request", (e) => asked.push(e));
    act(() => fake.push(ServerEvent.snapshot, guestSnapshot()));
    fireEvent.click(ui.getAllByRole("button", { name: en.login.title }).at(-1)!);
    expect(asked).toEqual([{ reason: "earn" }]);
    expect(fake.callsOf(ClientEvent.beat)).toEqual([]);
  });

  it("speaks Chinese when asked to", () => {
    const { fake, ui } = mountWith("zh-CN");
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    expect(ui.getByTestId("tier-badge").textContent).toBe("铁粉");
    expect(ui.getByPlaceholderText(zh.chat.placeholder)).toBeTruthy();
  });
});

describe("deal banner", () => {
  // the countdown follows the clock: hold the date still so it reads exactly 30 s
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const outcomes: [string, ClaimOutcome, string][] = [
    ["won", won(), en.deal.won],
    ["entered", { offerId: "off_1", result: "entered" }, en.deal.entered],
    ...CLAIM_REFUSALS.map(
      (reason) =>
        [reason, { offerId: "off_1", result: "refused", reason } as ClaimOutcome, en.deal.refusals[reason]] as [
          string,
          ClaimOutcome,
          string,
        ],
    ),
  ];

  it.each(outcomes)("shows the result of a claim: %s", async (_name, outcome, words) => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    act(() => fake.push(ServerEvent.offer, offer({ remaining: 12 })));
    const banner = ui.getByRole("region", { name: en.deal.label });
    expect(within(banner).getByTestId("deal-stock").textContent).toBe(en.deal.left(12));
    expect(within(banner).getByTestId("deal-countdown").textContent).toContain(en.deal.seconds(30));
    expect(ui.getByTestId("announce-deal").textContent).toContain("Comment-1 coupon");
    fake.answer(ClientEvent.comment, () => ({ ok: true, data: { accepted: true, claim: outcome } }));
    fireEvent.click(within(banner).getByRole("button", { name: en.deal.tap("1") }));
    await waitFor(() => expect(ui.getByTestId("deal-result").textContent).toBe(words));
    expect(ui.getByTestId("announce-result").textContent).toBe(words);
    expect(fake.callsOf(ClientEvent.comment)).toEqual([{ text: "1" }]);
  });

  it("typing the keyword in the comment box is the same claim", async () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot({ offer: offer({ keyword: "666" }) })));
    fake.answer(ClientEvent.comment, () => ({ ok: true, data: { accepted: true, claim: won() } }));
    fireEvent.input(ui.getByRole("textbox", { name: en.chat.label }), { target: { value: "666" } });
    fireEvent.submit(ui.getByRole("textbox", { name: en.chat.label }).closest("form")!);
    await waitFor(() => expect(ui.getByTestId("deal-result").textContent).toBe(en.deal.won));
  });

  it("follows stock, sells out and ends", () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot({ offer: offer() })));
    act(() => fake.push(ServerEvent.offerStock, { offerId: "off_1", remaining: 3, claimed: 47 }));
    expect(ui.getByTestId("deal-stock").textContent).toBe(en.deal.left(3));
    act(() => fake.push(ServerEvent.offerStock, { offerId: "off_1", remaining: 0, claimed: 50 }));
    expect(ui.getByTestId("deal-stock").textContent).toBe(en.deal.soldOut);
    expect((ui.getByRole("button", { name: en.deal.tap("1") }) as HTMLButtonElement).disabled).toBe(true);
    act(() => fake.push(ServerEvent.offerResult, { offerId: "off_1", result: "refused", reason: "sold_out" }));
    act(() => fake.push(ServerEvent.offer, offer({ status: "ended", remaining: 0, endedAt: Date.now() })));
    expect(ui.getByTestId("deal-result").textContent).toBe(en.deal.refusals.sold_out);
    expect(ui.queryByRole("button", { name: en.deal.tap("1") })).toBeNull();
  });

  it("says when a claim could not be sent", async () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot({ offer: offer() })));
    fireEvent.click(ui.getByRole("button", { name: en.deal.tap("1") }));
    await waitFor(() => expect(ui.getByTestId("deal-result").textContent).toBe(en.errors.timeout));
  });

  it("does not stand at 0s while offline: a deal whose time is up is over", async () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot({ offer: offer() })));
    act(() => fake.setLink({ state: "reconnecting" }));
    const banner = ui.getByRole("region", { name: en.deal.label });
    // the stock is the last one heard: marked as such
    expect(within(banner).getByTestId("deal-stock").dataset.stale).toBe("true");
    expect(within(banner).getByTestId("deal-countdown").textContent).toContain(en.deal.seconds(30));
    vi.setSystemTime(Date.now() + 31_000);
    await waitFor(() => expect(ui.queryByRole("region", { name: en.deal.label })).toBeNull());
    expect(ui.queryByTestId("deal-countdown")).toBeNull();
    expect(ui.queryByRole("button", { name: en.deal.tap("1") })).toBeNull();
  });
});

describe("membership panel", () => {
  it("opens with the keyboard, shows tier progress and perks, and closes on Escape", async () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    const dialog = await openPanel(ui);
    expect(within(dialog).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("20");
    expect(within(dialog).getAllByText(en.tier.toNext(1200, "Gold")).length).toBeGreaterThan(0);
    expect(within(dialog).getByText("Member discount")).toBeTruthy();
    expect(within(dialog).getByText("Dedicated service")).toBeTruthy();
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(ui.queryByRole("dialog")).toBeNull();
  });

  it("lists coupons with value, threshold, expiry and a code to copy", async () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot({ coupons: [coupon()] })));
    await openPanel(ui);
    fireEvent.click(ui.getByRole("tab", { name: /Coupons/ }));
    const item = ui.getByText("ENC-7QX2-M9KD").closest("li")!;
    expect(item.textContent).toContain("¥10");
    expect(item.textContent).toContain(en.coupons.minSpend("99"));
    expect(item.textContent).toContain("until");
    const written: string[] = [];
    Object.defineProperty(navigator, "clipboard", {
      value: { writeText: async (t: string) => written.push(t) },
      configurable: true,
    });
    fireEvent.click(within(item).getByRole("button", { name: /Copy code/ }));
    await waitFor(() => expect(within(item).getByText(en.coupons.copied)).toBeTruthy());
    expect(written).toEqual(["ENC-7QX2-M9KD"]);
  });

  it("exchanges points for a coupon and explains a refusal", async () => {
    const { fake, ui } = mountWith();
    const item = {
      templateId: "tpl_5",
      name: { "zh-CN": "5元券", en: "¥5 coupon" },
      kind: "amount" as const,
      value: 500,
      minSpend: 0,
      pointsCost: 500,
      remaining: 9,
      minTier: null,
    };
    act(() => fake.push(ServerEvent.snapshot, snapshot({ catalogue: [item] })));
    await openPanel(ui);
    fireEvent.click(ui.getByRole("tab", { name: en.tabs.exchange }));
    fake.answer(ClientEvent.exchange, () => ({ ok: false, error: { code: "exchange_unavailable", message: "x" } }));
    fireEvent.click(ui.getByRole("button", { name: en.exchange.cost(500) }));
    await waitFor(() => expect(ui.getByRole("alert").textContent).toBe(en.errors.exchange_unavailable));
    fake.answer(ClientEvent.exchange, () => ({
      ok: true,
      data: { wallet: wallet(780), delta: -500, reason: "exchange", coupon: coupon({ code: "ENC-EX" }) },
    }));
    fireEvent.click(ui.getByRole("button", { name: en.exchange.cost(500) }));
    await waitFor(() => expect(ui.getByTestId("points").textContent).toBe("780"));
    expect(fake.callsOf(ClientEvent.exchange)).toEqual([{ templateId: "tpl_5" }, { templateId: "tpl_5" }]);
  });

  it("sets a live reminder", async () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    await openPanel(ui);
    fake.answer(ClientEvent.reminder, (p) => ({ ok: true, data: { on: p.on } }));
    fireEvent.click(ui.getByRole("button", { name: /Remind me/ }));
    await waitFor(() =>
      expect(ui.getByRole("button", { name: /Reminder set/ }).getAttribute("aria-pressed")).toBe("true"),
    );
  });
});

describe("attention chest and comments", () => {
  it("opens a chest, and says why when it cannot", async () => {
    const { fake, ui } = mountWith();
    act(() =>
      fake.push(ServerEvent.snapshot, snapshot({ chest: { id: "c1", points: 5, expiresAt: Date.now() + 60_000 } })),
    );
    fake.answer(ClientEvent.chestClaim, () => ({
      ok: true,
      data: { wallet: wallet(1285), delta: 5, reason: "chest" },
    }));
    fireEvent.click(ui.getByRole("button", { name: en.chest.open(5) }));
    await waitFor(() => expect(ui.getByTestId("points").textContent).toBe("1,285"));
    expect(fake.callsOf(ClientEvent.chestClaim)).toEqual([{ chestId: "c1" }]);
    act(() => fake.push(ServerEvent.chest, { id: "c2", points: 5, expiresAt: Date.now() }));
    fake.answer(ClientEvent.chestClaim, () => ({ ok: false, error: { code: "chest_expired", message: "late" } }));
    fireEvent.click(ui.getByRole("button", { name: en.chest.open(5) }));
    await waitFor(() => expect(ui.getByText(en.errors.chest_expired)).toBeTruthy());
  });

  it("shows the room's batched comments as text and sends the viewer's", async () => {
    const { fake, ui } = mountWith();
    const base = snapshot();
    act(() => fake.push(ServerEvent.snapshot, { ...base, config: { ...base.config, tiers: DEFAULT_CONFIG.tiers } }));
    act(() =>
      fake.push(ServerEvent.comments, {
        count: 2,
        matches: 0,
        sample: [{ id: "x", name: "Mei", text: "<b>so pretty</b>", at: 1 }],
      }),
    );
    expect(ui.getByText("<b>so pretty</b>")).toBeTruthy();
    fake.answer(ClientEvent.comment, () => ({ ok: false, error: { code: "muted", message: "m" } }));
    fireEvent.input(ui.getByRole("textbox", { name: en.chat.label }), { target: { value: "hello" } });
    fireEvent.submit(ui.getByRole("textbox", { name: en.chat.label }).closest("form")!);
    await waitFor(() => expect(ui.getByRole("alert").textContent).toBe(en.errors.muted));
  });

  it("keeps a comment that could not be sent in the box, and says so", async () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    act(() => fake.setLink({ state: "reconnecting" }));
    fake.answer(ClientEvent.comment, () => ({ ok: false, error: { code: "offline", message: "not sent" } }));
    const box = ui.getByRole("textbox", { name: en.chat.label }) as HTMLInputElement;
    fireEvent.input(box, { target: { value: "is the blue one back?" } });
    fireEvent.submit(box.form as HTMLFormElement);
    await waitFor(() => expect(ui.getByRole("alert").textContent).toBe(en.errors.offline));
    expect(box.value).toBe("is the blue one back?");
    expect(en.errors.offline).toMatch(/^Not sent/);
    expect(zh.errors.offline).toMatch(/^未发送/);
  });
});

describe("words for every error", () => {
  const own = (m: typeof en, code: string) => (m.errors as Record<string, string>)[code];
  it.each(ERROR_CODES.map((c) => [c]))("%s reads as a sentence in both locales", (code) => {
    expect(errorText(en, code).length).toBeGreaterThan(3);
    expect(errorText(zh, code).length).toBeGreaterThan(1);
    // a code with its own sentence has one in both locales; back-office codes share the generic one
    expect(own(en, code) === undefined).toBe(own(zh, code) === undefined);
    if (own(en, code)) expect(own(zh, code)).not.toBe(own(en, code));
  });

  it("gives every code a viewer can be answered with its own sentence", () => {
    for (const code of ["guest", "muted", "sold_out", "tier_too_low", "insufficient_points", "exchange_unavailable"]) {
      expect(own(en, code)).toBeTruthy();
    }
    expect(errorText(en, "order_conflict")).toBe(en.unknownError);
  });
});

describe("mount and unmount", () => {
  it("leaves no node, listener or link behind, and mounts again cleanly", () => {
    for (let round = 0; round < 2; round++) {
      const { fake, mounted } = mountWith();
      act(() => fake.push(ServerEvent.snapshot, snapshot({ offer: offer() })));
      expect(document.body.querySelectorAll("encore-overlay")).toHaveLength(1);
      mounted.unmount();
      current = null;
      expect(document.body.querySelectorAll("encore-overlay")).toHaveLength(0);
      expect(fake.listenerCount()).toBe(0);
      expect(fake.closed).toBe(true);
    }
  });
});

describe("collapsing", () => {
  it("folds down to the points pill, keeps a live deal visible, and remembers it", () => {
    localStorage.clear();
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot({ offer: offer() })));
    fireEvent.click(ui.getByRole("button", { name: en.collapse }));
    expect(ui.queryByRole("textbox", { name: en.chat.label })).toBeNull();
    expect(ui.getByTestId("points")).toBeTruthy();
    expect(ui.getByRole("region", { name: en.deal.label })).toBeTruthy();
    current?.unmount();
    const again = mountWith();
    act(() => again.fake.push(ServerEvent.snapshot, snapshot()));
    expect(again.ui.getByRole("button", { name: en.expand }).getAttribute("aria-pressed")).toBe("true");
    fireEvent.click(again.ui.getByRole("button", { name: en.expand }));
    expect(again.ui.getByRole("textbox", { name: en.chat.label })).toBeTruthy();
  });
});

describe("arrivals", () => {
  it("celebrates a tier-up and a new coupon, and opens the wallet from the toast", async () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    const gold = { ...snapshot().wallet!.tier, key: "gold", index: 2, name: { "zh-CN": "钻粉", en: "Gold" } };
    act(() => fake.push(ServerEvent.tier, { from: "silver", to: "gold", tier: gold }));
    expect(ui.getByText(en.tier.up("Gold"))).toBeTruthy();
    expect(ui.getByTestId("tier-badge").textContent).toBe("Gold");
    act(() => fake.push(ServerEvent.coupon, coupon({ code: "ENC-FRESH" })));
    expect(ui.getByText(en.coupons.fresh)).toBeTruthy();
    fireEvent.click(ui.getByRole("button", { name: en.tabs.coupons }));
    expect(await ui.findByRole("dialog")).toBeTruthy();
    expect(ui.queryByText(en.coupons.fresh)).toBeNull();
  });

  it("moves between the panel's tabs with the arrow keys", async () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    await openPanel(ui);
    fireEvent.keyDown(ui.getByRole("tab", { name: en.tabs.me }), { key: "ArrowRight" });
    expect(ui.getByRole("tab", { name: /Coupons/ }).getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(ui.getByRole("tab", { name: /Coupons/ }), { key: "ArrowLeft" });
    fireEvent.keyDown(ui.getByRole("tab", { name: en.tabs.me }), { key: "ArrowLeft" });
    expect(ui.getByRole("tab", { name: en.tabs.exchange }).getAttribute("aria-selected")).toBe("true");
  });
});

describe("between lives", () => {
  it("offers a reminder for the next live once the room is off air", async () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    expect(ui.queryByTestId("off-air")).toBeNull();
    act(() => fake.push(ServerEvent.room, { id: "room_1", title: "Autumn live", live: false, minTier: null }));
    const banner = ui.getByTestId("off-air");
    expect(banner.textContent).toContain(en.remind.offAir);
    fake.answer(ClientEvent.reminder, (p) => ({ ok: true, data: { on: p.on } }));
    fireEvent.click(within(banner).getByRole("button", { name: /Remind me/ }));
    await waitFor(() => expect(within(banner).getByRole("button", { name: /Reminder set/ })).toBeTruthy());
    expect(fake.callsOf(ClientEvent.reminder)).toEqual([{ on: true }]);
  });
});

describe("panels beyond the first screen", () => {
  it("loads a panel on first open, says so meanwhile, and retries a failed load", async () => {
    const asked: [string, number][] = [];
    let fail = true;
    const fake = new FakeTransport({ unanswered: "timeout" });
    current = mountOverlay({
      room: "room_1",
      locale: "en",
      transport: fake,
      loadPanel: async (name, attempt) => {
        asked.push([name, attempt]);
        if (fail) throw new Error("offline");
        return panelsFromChunks(name, attempt);
      },
    });
    const ui = within(current.shadowRoot as unknown as HTMLElement);
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    expect(asked).toEqual([]);

    fireEvent.click(ui.getByRole("button", { name: new RegExp(en.openPanel) }));
    expect(ui.getByRole("status").textContent).toBe(en.lazy.loading);
    const alert = await ui.findByRole("alert");
    expect(alert.textContent).toContain(en.lazy.failed);
    expect(ui.queryByRole("dialog")).toBeNull();

    fail = false;
    fireEvent.click(within(alert).getByRole("button", { name: en.lazy.retry }));
    expect(await ui.findByRole("dialog")).toBeTruthy();
    expect(asked).toEqual([
      ["membership", 0],
      ["membership", 1],
    ]);

    // closed and opened again: the panel is already here
    fireEvent.click(ui.getByRole("button", { name: en.closePanel }));
    fireEvent.click(ui.getByRole("button", { name: new RegExp(en.openPanel) }));
    expect(ui.getByRole("dialog")).toBeTruthy();
    expect(asked).toHaveLength(2);
  });
});

describe("rough edges", () => {
  const family = "👨‍👩‍👧";

  it("gives a guest one call to log in, not two", () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, guestSnapshot()));
    const calls = ui.getAllByText(en.login.title);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.closest("button")).toBeTruthy();
    // what the pill shows, before the screen-reader-only words that say what it opens
    expect(ui.getByRole("button", { name: new RegExp(en.openPanel) }).textContent).toBe(
      `${en.memberPerks}${en.openPanel}`,
    );
  });

  it("stops calling for comments once a deal is sold out or over", () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot({ offer: offer() })));
    const deal = () => ui.queryByRole("region", { name: en.deal.label })?.textContent ?? "";
    expect(deal()).toContain(en.deal.title("1"));
    act(() => fake.push(ServerEvent.offerStock, { offerId: "off_1", remaining: 0, claimed: 50 }));
    expect(deal()).toContain(en.deal.soldOut);
    expect(deal()).not.toContain(en.deal.title("1"));
    // a viewer whose claim was refused still sees the banner after the deal ends: no call to comment there either
    act(() => fake.push(ServerEvent.offerResult, { offerId: "off_1", result: "refused", reason: "sold_out" }));
    act(() => fake.push(ServerEvent.offer, offer({ status: "ended", remaining: 0, endedAt: Date.now() })));
    expect(deal()).toContain(en.deal.refusals.sold_out);
    expect(deal()).not.toContain(en.deal.title("1"));
  });

  it("counts watch blocks in the shop's own length", async () => {
    const { fake, ui } = mountWith("zh-CN");
    const watch = { ...snapshot().watch, blockSeconds: 900 } as Snapshot["watch"];
    act(() => fake.push(ServerEvent.snapshot, snapshot({ watch })));
    fireEvent.click(ui.getByRole("button", { name: new RegExp(zh.openPanel) }));
    const dialog = await ui.findByRole("dialog");
    expect(dialog.textContent).toContain("再看满 15 分钟 +12");
    expect(dialog.textContent).not.toContain("10 分钟");
  });

  it("shows a viewer's come-back card once, not again in the next session", () => {
    localStorage.clear();
    const card = { kind: "dormant", points: 1280 } as const;
    const first = mountWith();
    act(() => first.fake.push(ServerEvent.snapshot, snapshot({ card })));
    expect(first.ui.getByText(en.card.dormantTitle)).toBeTruthy();
    // a fresh snapshot in the same visit (after a reconnect) keeps it on screen
    act(() => first.fake.push(ServerEvent.snapshot, snapshot({ card })));
    expect(first.ui.getByText(en.card.dormantTitle)).toBeTruthy();
    current?.unmount();

    const nextSession = mountWith();
    act(() => nextSession.fake.push(ServerEvent.snapshot, snapshot({ card })));
    expect(nextSession.ui.queryByText(en.card.dormantTitle)).toBeNull();
    current?.unmount();

    // another viewer on the same device has not seen theirs
    const other = mountWith();
    act(() =>
      other.fake.push(ServerEvent.snapshot, snapshot({ card, viewer: { id: "v_2", name: "Mei", role: "viewer" } })),
    );
    expect(other.ui.getByText(en.card.dormantTitle)).toBeTruthy();
  });

  it("opens the wallet itself from the new-coupon toast, and a reopened panel keeps its tab", async () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    act(() => fake.push(ServerEvent.coupon, coupon({ code: "ENC-FRESH" })));
    fireEvent.click(ui.getByRole("button", { name: en.tabs.coupons }));
    await ui.findByRole("dialog");
    expect(ui.getByRole("tab", { name: /Coupons/ }).getAttribute("aria-selected")).toBe("true");
    expect(ui.getByText("ENC-FRESH")).toBeTruthy();
    fireEvent.click(ui.getByRole("tab", { name: en.tabs.exchange }));
    fireEvent.click(ui.getByRole("button", { name: en.closePanel }));
    fireEvent.click(ui.getByRole("button", { name: new RegExp(en.openPanel) }));
    expect(ui.getByRole("tab", { name: en.tabs.exchange }).getAttribute("aria-selected")).toBe("true");
  });

  it("cuts a long comment in the ticker between graphemes, never inside a family emoji", () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    const text = `${"a".repeat(97)}${family}${family}${"b".repeat(20)}`;
    act(() =>
      fake.push(ServerEvent.comments, { count: 1, matches: 0, sample: [{ id: "c", name: "Mei", text, at: 1 }] }),
    );
    const bubble = ui.getByRole("list", { name: en.chat.ticker }).textContent ?? "";
    expect(bubble).toBe(`Mei ${"a".repeat(97)}${family}${family}…`);
  });

  it("shows the speaker's tier badge, named in the viewer's language, for tiers above the first", () => {
    const { fake, ui } = mountWith();
    const base = snapshot();
    act(() => fake.push(ServerEvent.snapshot, { ...base, config: { ...base.config, tiers: DEFAULT_CONFIG.tiers } }));
    act(() =>
      fake.push(ServerEvent.comments, {
        count: 2,
        matches: 0,
        sample: [
          { id: "c1", name: "Gia", text: "hello", at: 1, tier: 2 },
          { id: "c2", name: "Bo", text: "hi", at: 2, tier: 0 },
        ],
      }),
    );
    const items = within(ui.getByRole("list", { name: en.chat.ticker })).getAllByRole("listitem");
    expect(items[0]?.textContent).toBe("Gold Gia hello");
    expect(within(items[0] as HTMLElement).getByTestId("tier-badge").textContent).toBe("Gold");
    expect(items[1]?.textContent).toBe("Bo hi");
  });

  it("keeps typed text within the server's limit without splitting an emoji", () => {
    const { fake, ui } = mountWith();
    act(() => fake.push(ServerEvent.snapshot, snapshot()));
    const box = ui.getByRole("textbox", { name: en.chat.label }) as HTMLInputElement;
    // 196 units, then a family of 8: it does not fit whole, so none of it is kept
    fireEvent.input(box, { target: { value: `${"x".repeat(196)}${family}` } });
    expect(box.value).toBe("x".repeat(196));
    fireEvent.input(box, { target: { value: `${"x".repeat(192)}${family}!` } });
    expect(box.value).toBe(`${"x".repeat(192)}${family}`);
  });
});
