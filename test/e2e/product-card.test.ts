import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../support/chromium.js";
import { joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { type PageServer, servePage } from "../../support/page-server.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";

/**
 * The featured product on a phone: the host picks it from the catalogue in the console, and it
 * appears over the stream on the viewer's page, where its buy button hands the product to the
 * page's own checkout and counts a product click.
 */
const viewerPage = (server: TestServer, token: string) => `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Shop live</title>
<style>body{margin:0;background:#111}</style></head>
<body>
  <script>window.Encore=window.Encore||function(){(Encore.q=Encore.q||[]).push(arguments)}</script>
  <script>window.bought=[];Encore("on","buy",function(p){window.bought.push(p)})</script>
  <script src="${server.url}/encore.js" data-room="${server.roomId}" data-token="${token}" data-locale="en" async></script>
</body></html>`;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe.skipIf(!requires("chromium", "widget"))("the product card over the stream (Chromium, 360×740)", () => {
  let server: TestServer;
  let browser: Browser;
  let pages: PageServer;

  beforeAll(async () => {
    // the demo shop's catalogue, whose pictures are paths on the Encore server
    server = await startServer({ demo: true });
    browser = await launchChromium();
    pages = await servePage(viewerPage(server, await server.token("amy", { name: "Amy" })));
  });
  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await server?.close();
  });

  const clicksOf = async (sku: string) =>
    Number(
      (
        await server.store.db
          .selectFrom("clicks")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("sku", "=", sku)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("the host features from the console picker; the card appears, fits, and its buy calls the page", async () => {
    const host: Page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    host.setDefaultTimeout(8000);
    const hostToken = await server.token("host-lin", { role: "host", name: "Lin" });
    await host.goto(`${server.url}/host?room=${server.roomId}&token=${hostToken}&lang=en`);

    const viewer = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: "en-US" });
    viewer.setDefaultTimeout(8000);
    await viewer.goto(pages.url);
    const overlay = viewer.locator("encore-overlay");
    await overlay.getByTestId("points").waitFor();
    expect(await overlay.getByTestId("product-card").count()).toBe(0);

    const catalogue = host.getByRole("list", { name: "Catalogue" });
    await catalogue.getByRole("button", { name: "Feature Hydrating serum 30 ml" }).click();
    await host.getByTestId("featured").waitFor();

    const card = overlay.getByRole("region", { name: "Now showing" });
    await card.waitFor();
    expect(await card.getByTestId("product-name").textContent()).toBe("Hydrating serum 30 ml");
    expect(await card.getByTestId("price").textContent()).toBe("¥219");
    expect(await card.getByTestId("was").textContent()).toBe("was ¥299");
    // the picture comes from the Encore server, not from the streamer's page the overlay runs on
    await expect
      .poll(() => card.locator("img").evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    // struck through as the browser draws it, not only marked up
    expect(
      await card.getByTestId("was").evaluate((el) => getComputedStyle(el).textDecorationLine.includes("line-through")),
    ).toBe(true);

    // a 扣1 deal starts too: the card fits the phone beside the deal banner, the comment box and the points pill
    const dealHost = await joinAsHost(server, "host-deal");
    const template = await makeTemplate(dealHost, { minSpend: 0 });
    await startOffer(dealHost, template.id, { durationSeconds: 120 });
    await overlay.getByRole("region", { name: "Live deal" }).waitFor();
    const box = (await card.boundingBox()) as Box;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    for (const other of [
      overlay.getByRole("region", { name: "Live deal" }),
      overlay.getByRole("textbox", { name: "Comment" }),
      overlay.getByRole("button", { name: "Send", exact: true }),
      overlay.getByRole("button", { name: "Open my membership" }),
      overlay.getByRole("button", { name: "Hide the overlay" }),
    ]) {
      expect(overlaps(box, (await other.boundingBox()) as Box)).toBe(false);
    }

    const before = await clicksOf("serum-30");
    await card.getByRole("button", { name: "Buy Hydrating serum 30 ml" }).click();
    await expect
      .poll(() => viewer.evaluate(() => (window as unknown as { bought: { sku: string }[] }).bought.map((p) => p.sku)))
      .toEqual(["serum-30"]);
    const bought = await viewer.evaluate(() => (window as unknown as { bought: unknown[] }).bought[0]);
    expect(bought).toMatchObject({ sku: "serum-30", name: { en: "Hydrating serum 30 ml" }, price: 21_900 });
    await expect.poll(() => clicksOf("serum-30")).toBe(before + 1);

    // the shelf drawer lists the room's products, each with its buy (a moment later, as a person
    // taps: the server counts at most one click per socket per quarter second of its clock)
    server.clock.advance(1000);
    await overlay.getByRole("button", { name: "Products" }).click();
    const drawer = overlay.getByRole("dialog", { name: "In this live" });
    await drawer.getByRole("list").waitFor();
    expect(await drawer.getByRole("listitem").count()).toBe(6);
    await drawer.getByRole("button", { name: "Buy Oolong tea gift tin" }).click();
    await expect
      .poll(() => viewer.evaluate(() => (window as unknown as { bought: { sku: string }[] }).bought.map((p) => p.sku)))
      .toEqual(["serum-30", "tea-oolong"]);
    await expect.poll(() => clicksOf("tea-oolong")).toBe(1);

    // the host stops featuring: the card goes
    await host.getByRole("button", { name: "Stop featuring" }).click();
    await expect.poll(() => overlay.getByTestId("product-card").count()).toBe(0);
    await host.close();
    await viewer.close();
  });
});
