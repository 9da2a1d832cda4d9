import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../support/chromium.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";

/**
 * demo/host.html from the real server, in Chromium: the console renders inside its shadow root
 * with the room's own title, and a link without a host's token says why it cannot be used.
 */
describe.skipIf(!requires("chromium", "widget"))("host console page in Chromium", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openHost(query: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
    await page.goto(`${server.url}/host?room=${server.roomId}&lang=en${query}`);
    return page;
  }

  it("renders the console for a host token, with the room's title and every panel", async () => {
    const token = await server.token("host-lin", { role: "host", name: "Lin" });
    const page = await openHost(`&token=${token}`);
    await page.getByRole("heading", { name: "Test live" }).waitFor();
    for (const name of ["Start offer", "Create template"]) {
      expect(await page.getByRole("form", { name }).count()).toBe(1);
    }
    // the featured product is picked from the catalogue: a panel with a list, not a form
    expect(await page.getByRole("region", { name: "Featured product" }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Go live" }).isVisible()).toBe(true);
    // the shadow root keeps the page's styles out and its own in: the panels are laid out as a grid
    const columns = await page
      .locator("main")
      .evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(" ").length);
    expect(columns).toBe(3);
    await page.close();
  });

  it("says a viewer's token is not a host's", async () => {
    const token = await server.token("viewer-amy");
    const page = await openHost(`&token=${token}`);
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("This token belongs to a viewer, not a host.");
    expect(await page.getByRole("form", { name: "Start offer" }).count()).toBe(0);
    await page.close();
  });

  it("says a host token is needed when the link has none, and why a bad one was refused", async () => {
    const none = await openHost("");
    expect(await none.getByRole("alert").textContent()).toContain("This console needs a host token.");
    await none.close();
    const forged = await server.token("host-lin", { role: "host" }, "sk_not_this_shops_secret_at_all_000");
    const refused = await openHost(`&token=${forged}`);
    await refused.getByRole("alert").waitFor();
    expect(await refused.getByRole("alert").textContent()).toContain(
      "The server refused this console: The token in the link is not valid for this shop.",
    );
    await refused.close();
  });
});
