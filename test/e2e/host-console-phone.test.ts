import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientEvent } from "../../protocol/index.js";
import { launchChromium } from "../../support/chromium.js";
import { joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { requires } from "../../support/requires.js";
import { call, joinRoom, startServer, type TestServer } from "../../support/server.js";

const TITLE = "秋冬针织专场 · Autumn knitwear";
const PHONES = [
  { width: 390, height: 844 },
  { width: 360, height: 740 },
] as const;

/**
 * The host console on a phone, from the real server's /host page in Chromium: the room's title
 * stays readable, nothing runs off the side, and a running deal's winners read as this deal's.
 */
describe.skipIf(!requires("chromium", "widget"))("host console on a phone", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    await server.store.db.updateTable("rooms").set({ title: TITLE }).where("id", "=", server.roomId).execute();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openConsole(viewport: { width: number; height: number }, lang: "en" | "zh-CN"): Promise<Page> {
    const token = await server.token("host-lin", { role: "host", name: "Lin" });
    const page = await browser.newPage({ viewport, locale: lang === "en" ? "en-US" : "zh-CN" });
    page.setDefaultTimeout(8000);
    await page.goto(`${server.url}/host?room=${server.roomId}&token=${token}&lang=${lang}`);
    await page.getByTestId("room-title").waitFor();
    return page;
  }

  /** Elements inside the console's shadow root whose box reaches past the viewport's right edge. */
  const overflowing = (page: Page) =>
    page.evaluate(() => {
      const root = document.querySelector("[data-encore-host]")?.shadowRoot;
      const out: string[] = [];
      if (document.documentElement.scrollWidth > innerWidth) out.push(`page ${document.documentElement.scrollWidth}`);
      for (const el of root?.querySelectorAll("*") ?? []) {
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.right > innerWidth + 0.5) out.push(`${el.tagName} ${el.textContent?.slice(0, 30)}`);
      }
      return out;
    });

  it("a running deal on a phone: its winners by name and count, viewers without the host, the room's earlier comments", async () => {
    const setup = await joinAsHost(server, "host-setup");
    const template = await makeTemplate(setup, {
      name: { "zh-CN": "会员满减券", en: "Member coupon" },
      minSpend: 20_000,
    });
    await startOffer(setup, template.id, { stock: 50, durationSeconds: 300 });
    const fans = ["Amy", "Bo", "晴天", "Mia", null];
    for (const [i, name] of fans.entries()) {
      const { socket } = await joinRoom(server, await server.token(`fan-${i}`, name ? { name } : {}));
      expect(await call(socket, ClientEvent.comment, { text: i === 0 ? "主播这件有M码吗" : "1" })).toMatchObject({
        ok: true,
      });
      if (i === 0) expect(await call(socket, ClientEvent.comment, { text: "1" })).toMatchObject({ ok: true });
    }
    setup.disconnect();
    for (const viewport of PHONES) {
      for (const lang of ["zh-CN", "en"] as const) {
        const page = await openConsole(viewport, lang);
        await expect.poll(() => page.getByTestId("winners-count").textContent()).toBe("5");
        expect(await page.getByTestId("stat-claims").textContent()).toBe("5 / 50");
        expect(await page.getByTestId("winners-deal").textContent()).toBe(
          lang === "en" ? "“1” · Member coupon · ¥10 off orders over ¥200" : "“1” · 会员满减券 · 满200减10",
        );
        const winners = page.getByRole("list", { name: lang === "en" ? "Winners" : "中奖名单" });
        const names = await winners.locator("li").allTextContents();
        expect(names).toHaveLength(5);
        expect(names[0]).toContain(lang === "en" ? "Winner #5" : "第 5 位中奖者");
        expect(names.join()).not.toContain("fan-");
        // five viewers in the room; the console itself is not one of them
        await expect.poll(() => page.getByTestId("stat-viewers").textContent()).toBe("5");
        // a time to sell out reads as a span of time, not as a clock
        expect(await page.getByTestId("stat-sellout").textContent()).toMatch(/^(≈ )?[\d.]+ (s|秒)|^≈ \d+ (min|分)/);
        // what the room said before this console opened
        const comments = page.getByRole("list", { name: lang === "en" ? "Room comments" : "直播间评论" });
        await expect.poll(() => comments.textContent()).toContain("主播这件有M码吗");
        expect(await overflowing(page)).toEqual([]);
        await page.close();
      }
    }
  });

  for (const viewport of PHONES) {
    it(`${viewport.width}×${viewport.height}: the room's title is whole, and nothing runs off the side`, async () => {
      for (const lang of ["zh-CN", "en"] as const) {
        const page = await openConsole(viewport, lang);
        const title = page.getByTestId("room-title");
        await expect.poll(() => title.textContent()).toBe(TITLE);
        const fits = await title.evaluate((el) => ({
          width: el.clientWidth,
          wide: el.scrollWidth <= el.clientWidth,
          tall: el.scrollHeight <= el.clientHeight,
        }));
        // the whole title is shown: nothing cut off at the side or below its last line
        expect(fits).toMatchObject({ wide: true, tall: true });
        expect(fits.width).toBeGreaterThan(viewport.width / 2);
        for (const name of lang === "en" ? ["Go live", "中文"] : ["开播", "EN"]) {
          const box = await page.getByRole("button", { name, exact: true }).boundingBox();
          expect(box && box.x >= 0 && box.x + box.width <= viewport.width).toBe(true);
        }
        expect(await overflowing(page)).toEqual([]);
        await page.close();
      }
    });
  }
});
