import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_VIEWERS } from "../../demo/seed.js";
import { ClientEvent, HostEvent } from "../../protocol/events.js";
import { launchChromium } from "../../support/chromium.js";
import { joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { requires } from "../../support/requires.js";
import { call, joinRoom, startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { layoutFaults } from "../helpers/layout.js";

const PHONES = [320, 360, 390, 414];

/**
 * The demo room on a phone, as a viewer holds it: nothing scrolls sideways, nothing of the
 * overlay is cut off at the screen's edge (Send, the deal banner, the points pill), as a guest
 * and as Amy with a live deal, a featured product, the room's comments and the membership panel open;
 * and on a laptop.
 */
describe.skipIf(!requires("chromium", "widget"))("the demo room on a phone (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let host: TestSocket;
  let chatters = 0;

  beforeAll(async () => {
    server = await startServer({ demo: true });
    browser = await launchChromium();
    host = await joinAsHost(server);
    await call(host, HostEvent.live, { live: true });
    const template = await makeTemplate(host, { name: { "zh-CN": "直播间满200减20", en: "¥20 off orders over ¥200" } });
    await startOffer(host, template.id, { stock: 50, durationSeconds: 300 });
    // the host presents a product: its card sits over the stream with everything else
    expect(await call(host, HostEvent.feature, { sku: "serum-30" })).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    host?.disconnect();
    await browser?.close();
    await server?.close();
  });

  const openRoom = async (width: number, height: number, locale = "en-US", query = ""): Promise<Page> => {
    // reduced motion: what is measured is where things come to rest, not a sheet still sliding in
    const context = await browser.newContext({ viewport: { width, height }, locale, reducedMotion: "reduce" });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/?room=${server.roomId}${query}`);
    await overlay(page).locator("[data-offer]").waitFor();
    return page;
  };
  const overlay = (page: Page) => page.locator("encore-overlay");
  const logInAsAmy = async (page: Page) => {
    await page.getByRole("button", { name: "Amy", exact: true }).click();
    await overlay(page).getByTestId("points").waitFor();
  };
  /** the room chats: long comments, and a name longer than a bubble */
  const chat = async (page: Page) => {
    const id = `viewer-chatter-${++chatters}`;
    const chatter = (await joinRoom(server, await server.token(id, { name: "Mei from the very long name club" })))
      .socket;
    for (let i = 0; i < 5; i++) {
      const text = `so pretty, where do I get the serum ${i} ${"❤️".repeat(12)}`;
      expect(await call(chatter, ClientEvent.comment, { text })).toMatchObject({ ok: true });
    }
    chatter.disconnect();
    await expect.poll(() => overlay(page).locator("ul li").count()).toBeGreaterThanOrEqual(5);
  };
  const expectNothingCut = async (page: Page) => {
    const faults = await layoutFaults(page);
    expect(faults.scrollWidth).toBeLessThanOrEqual(faults.viewport);
    expect(faults.page).toEqual([]);
    expect(faults.overlay).toEqual([]);
  };

  it.each(PHONES)(
    "nothing overflows at %i px wide: guest, Amy with a deal and comments, the panel open",
    async (width) => {
      const page = await openRoom(width, 740);
      await expectNothingCut(page);
      await logInAsAmy(page);
      await chat(page);
      await overlay(page).getByRole("button", { name: "Buy Hydrating serum 30 ml" }).waitFor();
      await expectNothingCut(page);
      await overlay(page).getByRole("button", { name: "Open my membership" }).click();
      await overlay(page).getByRole("dialog").getByRole("progressbar").waitFor();
      await expectNothingCut(page);
      await page.context().close();
    },
  );

  it("nothing overflows on a laptop (1280×800), in Chinese too", async () => {
    for (const locale of ["en-US", "zh-CN"]) {
      const page = await openRoom(1280, 800, locale);
      await logInAsAmy(page);
      await expectNothingCut(page);
      await page.context().close();
    }
  });

  const rect = async (locator: Locator) => {
    const box = await locator.boundingBox();
    if (!box) throw new Error("not on screen");
    return box;
  };
  const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

  it("at 360×740: one call to log in for a guest", async () => {
    const page = await openRoom(360, 740);
    const loginCalls = overlay(page).getByText("Log in to earn points", { exact: true });
    await loginCalls.first().waitFor();
    expect(await loginCalls.count()).toBe(1);
    await page.context().close();
  });

  it("at 360×740: comments never run under the pill or the hide button", async () => {
    const page = await openRoom(360, 740);
    await logInAsAmy(page);
    await chat(page);
    const pill = await rect(overlay(page).getByRole("button", { name: "Open my membership" }));
    const hide = await rect(overlay(page).getByRole("button", { name: "Hide the overlay" }));
    for (const bubble of await overlay(page).locator("ul li").all()) {
      const box = await rect(bubble);
      expect(overlaps(box, pill)).toBe(false);
      expect(overlaps(box, hide)).toBe(false);
    }
    await page.context().close();
  });

  it("at 360×740: a comment's family emoji reaches the ticker as one family, not three people", async () => {
    const page = await openRoom(360, 740);
    await logInAsAmy(page);
    const family = "👨‍👩‍👧";
    const chatter = (await joinRoom(server, await server.token("viewer-family", { name: "Wu" }))).socket;
    expect(await call(chatter, ClientEvent.comment, { text: `好漂亮！链接在哪 ${family}` })).toMatchObject({
      ok: true,
    });
    chatter.disconnect();
    const bubble = overlay(page).locator("ul li", { hasText: "好漂亮" });
    await bubble.waitFor();
    expect(await bubble.textContent()).toBe(`Wu 好漂亮！链接在哪 ${family}`);
    await page.context().close();
  });

  it("at 360×740: no text under 11 px, even on a page whose root font size is 10px", async () => {
    const page = await openRoom(360, 740);
    await page.addStyleTag({ content: "html { font-size: 10px }" });
    await logInAsAmy(page);
    expect((await layoutFaults(page)).smallText).toEqual([]);
    await overlay(page).getByRole("button", { name: "Open my membership" }).click();
    await overlay(page).getByRole("dialog").getByRole("progressbar").waitFor();
    for (const tab of ["Me", "Coupons", "Exchange"]) {
      await overlay(page)
        .getByRole("tab", { name: new RegExp(tab) })
        .click();
      expect((await layoutFaults(page)).smallText).toEqual([]);
    }
    await page.context().close();
  });

  it("at 360×740 the page speaks the widget's language: Chinese around a Chinese widget, English when asked", async () => {
    const page = await openRoom(360, 740, "zh-CN");
    const languages = () =>
      page.evaluate(() => ({
        page: document.documentElement.lang,
        widget: document.querySelector("encore-overlay")?.shadowRoot?.querySelector("[lang]")?.getAttribute("lang"),
      }));
    expect(await languages()).toEqual({ page: "zh-CN", widget: "zh-CN" });
    expect(await page.title()).toContain("落日工作室");
    await page.getByRole("heading", { name: "在售商品" }).waitFor();
    await page.getByRole("button", { name: "Amy", exact: true }).click();
    // Amy, the returning member, arrives with points to spend
    await expect
      .poll(() => page.getByTestId("member-points").textContent())
      .toBe(`${DEMO_VIEWERS.amy.points.toLocaleString("zh-CN")} 积分`);
    // biome-ignore lint/performance/useDomNodeTextContent: what a person reads, not the scripts' and closed dialogs' text
    const pageText = await page.locator("body").innerText();
    for (const english of ["On the shelf", "Browsing as a guest", "Open the host console", "LIVE", "Buy", "points"])
      expect(pageText).not.toContain(english);
    await page.context().close();

    const asked = await openRoom(360, 740, "zh-CN", "&lang=en");
    expect(
      await asked.evaluate(() => [
        document.documentElement.lang,
        document.querySelector("encore-overlay")?.shadowRoot?.querySelector("[lang]")?.getAttribute("lang"),
      ]),
    ).toEqual(["en", "en"]);
    await asked.getByRole("heading", { name: "On the shelf" }).waitFor();
    await asked.context().close();
  });
});
