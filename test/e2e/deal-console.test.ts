import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../support/chromium.js";
import { joinAsHost, makeTemplate } from "../../support/offers.js";
import { type PageServer, servePage } from "../../support/page-server.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";

/**
 * The 扣1 moment across two real pages: the host console starts an offer, a viewer's page shows
 * the deal banner, the viewer taps "1", sees that they won and finds the coupon in the wallet,
 * and the host's panel counts the claim.
 */
const viewerPage = (server: TestServer, token: string) => `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=360"><title>Shop live</title></head>
<body>
  <h1>Spring live</h1>
  <script src="${server.url}/encore.js" data-room="${server.roomId}" data-token="${token}" data-locale="en" async></script>
</body></html>`;

describe.skipIf(!requires("chromium", "widget"))("a 扣1 offer from console to viewer", () => {
  let server: TestServer;
  let browser: Browser;
  let pages: PageServer;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const token = await server.token("amy", { name: "Amy" });
    pages = await servePage(viewerPage(server, token));
  });
  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await server?.close();
  });

  async function openConsole(): Promise<Page> {
    const token = await server.token("host-lin", { role: "host", name: "Lin" });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    // a step that cannot happen fails within seconds, naming the step, instead of hanging the test
    page.setDefaultTimeout(8000);
    await page.goto(`${server.url}/host?room=${server.roomId}&token=${token}&lang=en`);
    await page.getByRole("form", { name: "Start offer" }).waitFor();
    return page;
  }

  it("starts from the console, is won on the viewer's page, and moves the host's claim count", async () => {
    // the shop already has a coupon template (the console's template form is covered by its own tests)
    const setup = await joinAsHost(server, "host-setup");
    const template = await makeTemplate(setup, { name: { "zh-CN": "立减10元", en: "¥10 off" }, minSpend: 0 });
    setup.disconnect();

    const host = await openConsole();
    const viewer = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: "en-US" });
    viewer.setDefaultTimeout(8000);
    await viewer.goto(pages.url);
    await viewer.getByTestId("points").waitFor();

    const form = host.getByRole("form", { name: "Start offer" });
    await form.getByLabel("Stock").fill("5");
    await form.getByLabel("Coupon").selectOption(template.id);
    await form.getByRole("button", { name: "Start offer" }).click();
    await host.getByTestId("offer-card").waitFor();
    await expect.poll(() => host.getByTestId("stat-claims").textContent(), { timeout: 10_000 }).toBe("0 / 5");

    // the viewer sees the banner with the coupon and the stock, and taps the one-tap button
    const banner = viewer.getByRole("region", { name: "Live deal" });
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toContain("¥10 off");
    await expect.poll(() => viewer.getByTestId("deal-stock").textContent()).toBe("5 left");
    await viewer.getByRole("button", { name: "Send 1" }).click();
    await expect
      .poll(() => viewer.getByTestId("deal-result").textContent(), { timeout: 5000 })
      .toContain("You got it! The coupon is in your wallet.");

    // the coupon is in the wallet, with its code
    await viewer.getByTestId("points").click();
    await viewer.getByRole("tab", { name: /^Coupons/ }).click();
    const wallet = viewer.getByRole("list", { name: "Coupons" });
    await expect.poll(() => wallet.textContent(), { timeout: 5000 }).toContain("¥10 off");
    const coupons = await server.store.db.selectFrom("coupons").select(["code", "viewer_id"]).execute();
    expect(coupons).toEqual([{ code: expect.any(String), viewer_id: "amy" }]);
    expect(await wallet.textContent()).toContain(coupons[0]?.code);

    // the host's live panel counts the claim and lists the winner
    await expect.poll(() => host.getByTestId("stat-claims").textContent(), { timeout: 5000 }).toBe("1 / 5");
    await host.close();
    await viewer.close();
  });
});
