import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../support/chromium.js";
import { type PageServer, servePage } from "../../support/page-server.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";

const PANEL_FILE = /\/panel-membership-[\w-]+\.js(\?|$)/;

/**
 * The script tag's first load carries the first screen only: the membership panel is a
 * content-hashed file beside the bundle, imported the first time the viewer opens it.
 */
describe.skipIf(!requires("chromium", "widget"))("panels beyond the first screen (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let pageServer: PageServer;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const token = await server.token("v_lazy", { name: "Lin" });
    // a streamer's page on its own origin, loading encore.js from the Encore server
    pageServer = await servePage(`<!doctype html><html><head><meta charset="utf-8"></head><body>
  <script src="${server.url}/encore.js" data-room="${server.roomId}" data-token="${token}" data-locale="en" async></script>
</body></html>`);
  });
  afterAll(async () => {
    await browser?.close();
    await pageServer?.close();
    await server?.close();
  });

  const openRoom = async (): Promise<{ page: Page; panelRequests: string[] }> => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const panelRequests: string[] = [];
    page.on("request", (request) => {
      if (PANEL_FILE.test(request.url())) panelRequests.push(request.url());
    });
    await page.goto(pageServer.url);
    await page.locator("encore-overlay").getByTestId("points").waitFor();
    // give a premature fetch every chance to show itself before the tap
    await page.waitForLoadState("networkidle");
    return { page, panelRequests };
  };

  it("requests the panel's file on the first tap, not before, from beside the bundle", async () => {
    const { page, panelRequests } = await openRoom();
    const overlay = page.locator("encore-overlay");
    expect(panelRequests).toEqual([]);

    await overlay.getByRole("button", { name: "Open my membership" }).click();
    await overlay.getByRole("dialog").getByRole("progressbar").waitFor();
    expect(panelRequests).toHaveLength(1);
    expect(new URL(panelRequests[0] ?? "").origin).toBe(server.url);
    // its stylesheet came with it: the sheet is laid out, not a column of unstyled text
    const sheet = await overlay.getByRole("dialog").evaluate((el) => getComputedStyle(el).position);
    expect(sheet).toBe("absolute");

    // closed and opened again: already here, not fetched twice
    await overlay.getByRole("button", { name: "Close" }).click();
    await overlay.getByRole("button", { name: "Open my membership" }).click();
    await overlay.getByRole("dialog").waitFor();
    expect(panelRequests).toHaveLength(1);
    await page.context().close();
  });

  it("says when the panel cannot load, and loads it on retry", async () => {
    const { page, panelRequests } = await openRoom();
    const overlay = page.locator("encore-overlay");
    await page.context().route(PANEL_FILE, (route) => route.abort("connectionfailed"));

    await overlay.getByRole("button", { name: "Open my membership" }).click();
    const alert = overlay.getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain("Could not load this.");
    expect(await overlay.getByRole("dialog").count()).toBe(0);

    await page.context().unroute(PANEL_FILE);
    await alert.getByRole("button", { name: "Try again" }).click();
    await overlay.getByRole("dialog").getByRole("progressbar").waitFor();
    expect(panelRequests).toHaveLength(2);
    await page.context().close();
  });

  it("in the ES build, the panel is an ordinary lazy chunk, fetched on the first tap", async () => {
    const token = await server.token("v_lazy_es", { name: "Mei" });
    const esPage = await servePage(`<!doctype html><html><head><meta charset="utf-8"></head><body>
  <encore-live room="${server.roomId}" token="${token}" locale="en" server="${server.url}"></encore-live>
  <script type="module" src="${server.url}/encore.mjs"></script>
</body></html>`);
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const chunks: string[] = [];
    page.on("request", (request) => {
      if (/\/chunks\/membership-[\w-]+\.js$/.test(request.url())) chunks.push(request.url());
    });
    await page.goto(esPage.url);
    const overlay = page.locator("encore-live");
    await overlay.getByTestId("points").waitFor();
    await page.waitForLoadState("networkidle");
    expect(chunks).toEqual([]);
    await overlay.getByRole("button", { name: "Open my membership" }).click();
    await overlay.getByRole("dialog").getByRole("progressbar").waitFor();
    expect(chunks).toHaveLength(1);
    await context.close();
    await esPage.close();
  });
});
