// @vitest-environment happy-dom
import { act, fireEvent, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PanelEvent, ServerEvent } from "../../protocol/events.js";
import type { ReferralCard } from "../../protocol/referrals.js";
import { createEmitter } from "../../widget/core/emitter.js";
import { messagesFor } from "../../widget/i18n/index.js";
import { panelsEager } from "../../widget/lazy/load-eager.js";
import { type Mounted, mountOverlay } from "../../widget/mount.js";
import { inviteLink } from "../../widget/panels/membership/invite.js";
import { panelWords } from "../../widget/panels/words/index.js";
import { FakeTransport } from "../helpers/fake-transport.js";
import { snapshot } from "./builders.js";

const en = messagesFor("en");
const words = panelWords.en;
let current: Mounted | null = null;
afterEach(() => {
  current?.unmount();
  current = null;
  vi.unstubAllGlobals();
});

const card = (over: Partial<ReferralCard> = {}): ReferralCard => ({
  code: "abcDEF123_-x",
  action: "watch",
  watchMinutes: 10,
  reward: "points",
  inviterPoints: 200,
  inviteePoints: 100,
  joined: 3,
  completed: 2,
  ...over,
});

async function openMembership(fake: FakeTransport) {
  current = mountOverlay({
    room: "room_1",
    locale: "en",
    transport: fake,
    emitter: createEmitter(),
    loadPanel: panelsEager,
  });
  const ui = within(current.shadowRoot as unknown as HTMLElement);
  act(() => fake.push(ServerEvent.snapshot, snapshot()));
  fireEvent.click(ui.getByRole("button", { name: new RegExp(en.openPanel) }));
  await ui.findByRole("dialog");
  return ui;
}

describe("the invite link", () => {
  it("is this page with the code, without the hash or anything that looks like a login", () => {
    expect(inviteLink("https://shop.example/live?room=demo&token=JWT&id_token=x&utm=a#top", "CODE12345678")).toBe(
      "https://shop.example/live?room=demo&utm=a&encore_ref=CODE12345678",
    );
    // an invite link shared on replaces the code it arrived with
    expect(inviteLink("https://shop.example/?encore_ref=OTHER1234567", "MINE12345678")).toBe(
      "https://shop.example/?encore_ref=MINE12345678",
    );
  });
});

describe("the invite card", () => {
  it("shows what a friend must do and what both get, and copies the link where sharing is missing", async () => {
    const fake = new FakeTransport({ unanswered: "timeout" }).answer(PanelEvent.referral, { ok: true, data: card() });
    const writeText = vi.fn(async (_text: string) => {});
    vi.stubGlobal("navigator", { ...navigator, share: undefined, clipboard: { writeText } });
    const ui = await openMembership(fake);
    const section = await ui.findByRole("region", { name: words.invite.title });
    expect(section.textContent).toContain(words.invite.howWatch(10));
    expect(section.textContent).toContain(words.invite.rewardPoints(200, 100));
    expect(section.textContent).toContain(words.invite.counts(3, 2));
    fireEvent.click(within(section).getByRole("button", { name: words.invite.copy }));
    await within(section).findByText(words.invite.copied);
    expect(writeText).toHaveBeenCalledWith(expect.stringContaining("encore_ref=abcDEF123_-x"));
  });

  it("shares through the Web Share API where there is one", async () => {
    const fake = new FakeTransport({ unanswered: "timeout" }).answer(PanelEvent.referral, {
      ok: true,
      data: card({ action: "first_order", reward: "coupon" }),
    });
    const share = vi.fn(async (_data: ShareData) => {});
    vi.stubGlobal("navigator", { ...navigator, share });
    const ui = await openMembership(fake);
    const section = await ui.findByRole("region", { name: words.invite.title });
    expect(section.textContent).toContain(words.invite.howOrder);
    expect(section.textContent).toContain(words.invite.rewardCoupon);
    fireEvent.click(within(section).getByRole("button", { name: words.invite.share }));
    await within(section).findByText(words.invite.shared);
    expect(share).toHaveBeenCalledWith({ text: words.invite.shareText, url: expect.stringContaining("encore_ref=") });
  });

  it("is not there while the shop has referrals off", async () => {
    const fake = new FakeTransport({ unanswered: "timeout" }).refuse(PanelEvent.referral, "referrals_off");
    const ui = await openMembership(fake);
    await vi.waitFor(() => expect(fake.calls.some((c) => c.event === PanelEvent.referral)).toBe(true));
    expect(ui.queryByRole("region", { name: words.invite.title })).toBeNull();
  });
});
