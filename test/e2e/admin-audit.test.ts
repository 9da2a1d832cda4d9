import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../support/chromium.js";
import { shopApi } from "../../support/commerce.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";
import { printLink } from "../helpers/admin.js";

/**
 * The back office's Audit log in Chromium: changes made by the shop's system and in the back
 * office read back in words, narrowed to one kind, with what changed, and downloaded as CSV.
 */
describe.skipIf(!requires("chromium", "widget"))("the back office's audit log in Chromium", () => {
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

  it("lists who changed what, narrows to one kind of change, shows what changed and downloads the CSV", async () => {
    await shopApi(server, "/v1/products", {
      body: { sku: "serum-30", name: { "zh-CN": "精华", en: "Serum" }, price: 21_900 },
    });
    await shopApi(server, "/v1/products/serum-30", { method: "PUT", body: { price: 19_900 } });

    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: "en-US",
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.goto(await printLink(server, server.shop.id, "Mia"));
    await page.getByTestId("back-office-signed-in").waitFor();
    const room = page.getByTestId("room-row").filter({ hasText: "Test live" });
    await room.getByRole("button", { name: "Rename" }).click();
    await room.getByLabel("Title").fill("Spring sale live");
    await room.getByRole("button", { name: "Save" }).click();
    await page.getByTestId("room-row").filter({ hasText: "Spring sale live" }).waitFor();

    const log = page.getByRole("form", { name: "Audit log" });
    await log.getByRole("button", { name: "Show" }).click();
    const entries = page.getByTestId("audit-entry");
    await entries.filter({ hasText: "Room renamed" }).getByText("Back office").waitFor();
    await entries.filter({ hasText: "Product added" }).getByText("The shop's system (API key)").waitFor();
    await entries.filter({ hasText: "Signed in" }).first().waitFor();

    await log.getByLabel("Change").selectOption("product.update");
    await log.getByRole("button", { name: "Show" }).click();
    await expect.poll(() => entries.count()).toBe(1);
    const edited = entries.first();
    expect(await edited.textContent()).toContain("Product edited · Serum");
    await edited.getByText("What changed").click();
    await edited.getByText("21900 → 19900").waitFor();

    const [download] = await Promise.all([page.waitForEvent("download"), log.getByText("Download CSV").click()]);
    const path = await download.path();
    const { readFile } = await import("node:fs/promises");
    const csv = await readFile(path, "utf8");
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("product.update");
    await context.close();
  });
});
