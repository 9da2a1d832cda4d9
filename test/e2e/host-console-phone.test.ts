import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientEvent } from "../../protocol/index.js";
import { hasChromium, launchChromium } from "../helpers/chromium.js";
import { joinAsHost, makeTemplate, startOffer } from "../helpers/offers.js";
import { call, joinRoom, startServer, type TestServer } from "../helpers/server.js";

const TITLE = "秋冬针织专场 · Autumn knitwear";
const PHONES = [
  { width: 390, height: 844 },
  { width: 360, height: 740 },
] as const;

/**
 * The host console on a phone, from the real server's /host page in Chromium: the room's title
 * stays readable, nothing runs off the side, and a running deal's winners read as this deal's.
 */
describe.skipIf(!hasChromium)("host console on a phone", () => {
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
