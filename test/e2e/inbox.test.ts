import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../support/chromium.js";
import { createTemplateOverApi } from "../../support/commerce.js";
import { type PageServer, servePage } from "../../support/page-server.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";
import { order, setAutomations, sweepAfter, touchRows } from "../helpers/lifecycle.js";
import { addProduct } from "../helpers/products.js";

/**
 * "Done when": the replenishment touch a sweep sent between lives is in the widget's inbox on the
 * viewer's next visit, with its coupon, and opening it marks it seen for good.
 */
describe.skipIf(!requires("chromium", "widget"))("the inbox between lives (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let pageServer: PageServer;
  const viewerId = "v_inbox";

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    await addProduct(server, { usageDays: 30 });
    const templateId = await createTemplateOverApi(server, {
      name: { "zh-CN": "精华回购券", en: "Serum refill" },
      minSpend: 0,
      validDays: 14,
    });
    // nobody held out: this viewer is the one who must be touched
    await setAutomations(server, { replenish: { templateId }, budget: { holdoutPercent: 0 } });
    await order(server, viewerId, "inbox-first", [{ sku: "serum-30", qty: 1, price: 21_900 }]);
    await sweepAfter(server, 24);
    await sweepAfter(server, 1);
    const sent = (await touchRows(server)).filter((r) => r.viewer_id === viewerId && r.status === "sent");
    expect(sent.map((r) => r.kind)).toContain("replenish");
    const token = await server.token(viewerId, { name: "Lin" });
    pageServer = await servePage(`<!doctype html><html><head><meta charset="utf-8"></head><body>
  <script src="${server.url}/encore.js" data-room="${server.roomId}" data-token="${token}" data-locale="en" async></script>
</body></html>`);
  });
  afterAll(async () => {
    await browser?.close();
    await pageServer?.close();
    await server?.close();
  });

  it("shows the touch on the next visit, with its coupon, and clears the badge once seen", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(pageServer.url);
    const overlay = page.locator("encore-overlay");
    const button = overlay.getByRole("button", { name: /^For you/ });
    await expect.poll(() => button.textContent()).toBe("For you1");

    await button.click();
    const sheet = overlay.getByRole("dialog", { name: "For you" });
    await sheet.getByText("Hydrating serum 30 ml", { exact: false }).first().waitFor();
    // the coupon the sweep issued, as the wallet shows it: name, state and code to copy
    const code = (await touchRows(server)).find((r) => r.viewer_id === viewerId && r.kind === "replenish")?.coupon_code;
    expect(code).toBeTruthy();
    await sheet.getByText(code as string).waitFor();
    await sheet.getByText("Ready", { exact: true }).waitFor();
    await sheet.getByText("New", { exact: true }).waitFor();
    // what the sheet showed is marked seen: the badge clears, here and on the next visit
    await expect.poll(() => button.textContent()).toBe("For you");
    const seenAt = await server.store.db
      .selectFrom("touches")
      .select("seen_at")
      .where("viewer_id", "=", viewerId)
      .where("kind", "=", "replenish")
      .executeTakeFirstOrThrow();
    expect(seenAt.seen_at).not.toBeNull();

    await page.reload();
    await overlay.getByTestId("points").waitFor();
    await expect.poll(() => button.textContent()).toBe("For you");
    await context.close();
  });
});
