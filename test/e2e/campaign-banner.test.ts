import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignInput } from "../../protocol/index.js";
import { launchChromium } from "../../support/chromium.js";
import { shopApi } from "../../support/commerce.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";

/** h:mm:ss as the banner shows it, in seconds */
const seconds = (text: string | null) => {
  const match = /(\d+):(\d{2}):(\d{2})/.exec(text ?? "");
  if (!match) throw new Error(`no countdown in ${text}`);
  const [h, m, s] = match.slice(1).map(Number) as [number, number, number];
  return h * 3600 + m * 60 + s;
};

/**
 * A campaign on the demo pages, in Chromium: its banner counts down to the start, turns into the
 * running campaign when the shop moves the start, and the order the viewer then pays shows the
 * campaign's multiplier on the page's receipt. The server's clock is the test's: 12:00 in Shanghai.
 */
describe.skipIf(!requires("chromium", "widget"))("a campaign on the demo pages (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ demo: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const openRoom = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-US" });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/?room=${server.roomId}`);
    return page;
  };

  it("the banner counts down, then the campaign runs and its multiplier shows on the receipt", {
    timeout: 60_000,
  }, async () => {
    const festival: CampaignInput = {
      name: { "zh-CN": "双倍积分节", en: "Double points festival" },
      schedule: { kind: "dates", start: "2026-11-02T14:14", end: "2026-11-02T20:00" },
      orderMultiplier: 2,
      watchMultiplier: 1.5,
    };
    const created = await shopApi(server, "/v1/campaigns", { body: festival });
    expect(created.status).toBe(200);

    const amy = await openRoom();
    const overlay = amy.locator("encore-overlay");
    await overlay.getByRole("button", { name: "Log in to earn points", exact: true }).click();
    await amy.getByRole("button", { name: "Amy (Silver member)" }).click();
    await overlay.getByTestId("points").waitFor();

    // 2 h 14 min ahead: the banner says so, and the figure goes down as time passes
    const banner = overlay.getByTestId("campaign");
    await banner.waitFor();
    expect(await banner.getAttribute("data-state")).toBe("upcoming");
    const first = await banner.textContent();
    expect(first).toContain("Double points festival");
    expect(first).toContain("×2 order points");
    expect(first).toContain("×1.5 watch points");
    // (a second either way: the device's clock is set against the server's to the millisecond, shown rounded up)
    expect(seconds(first)).toBeLessThanOrEqual(2 * 3600 + 14 * 60 + 1);
    expect(seconds(first)).toBeGreaterThan(2 * 3600 + 13 * 60);
    await expect.poll(async () => seconds(await banner.textContent())).toBeLessThan(seconds(first));

    // the shop moves the start to this morning: the room hears it and the banner counts to the end
    const moved = await shopApi(server, `/v1/campaigns/${created.body.id}`, {
      method: "PATCH",
      body: { schedule: { kind: "dates", start: "2026-11-02T09:00", end: "2026-11-02T20:00" } },
    });
    expect(moved.status).toBe(200);
    await expect.poll(() => banner.getAttribute("data-state")).toBe("running");
    expect(await banner.textContent()).toMatch(/ends in 7:5\d:\d\d/);

    // she buys from the page's shelf; the receipt names the campaign that doubled her points
    await amy.locator("#shelf [data-buy]").first().click();
    const checkout = amy.getByRole("dialog", { name: "Checkout" });
    await checkout.getByTestId("coupon-pick").waitFor();
    await checkout.locator("#pay").click();
    await checkout.getByTestId("receipt").waitFor();
    expect(await checkout.getByTestId("receipt-campaign").textContent()).toBe(
      "Double points festival: order points ×2",
    );
  });
});
