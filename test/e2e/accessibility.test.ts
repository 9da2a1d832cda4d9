import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_VIEWERS } from "../../demo/seed.js";
import { launchChromium } from "../../support/chromium.js";
import { shopApi } from "../../support/commerce.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";
import { seedInsight } from "../fixtures/insight-seed.js";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface Finding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical findings on the page as it is now, open shadow roots included.
 * axe is evaluated through the DevTools protocol, which the pages' own CSP does not govern.
 */
async function seriousFindings(page: Page): Promise<Finding[]> {
  // Contrast is judged at rest: a card still fading in (240 ms) reads as too faint for that moment.
  // A notice may start its fade just after another ended (the inbox answers after the snapshot),
  // so the page counts as at rest once a quarter second has passed with nothing left to finish.
  await page.evaluate(async () => {
    const running = () =>
      document
        .getAnimations()
        .filter((a) => a.playState === "running")
        .filter((a) => a.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY);
    for (let round = 0; round < 20; round++) {
      await Promise.all(running().map((a) => a.finished.catch(() => undefined)));
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (running().length === 0) return;
    }
  });
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    type Result = {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: unknown[] }[];
    };
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Result[] }> } })
      .axe;
    const { violations } = await axe.run(document, { resultTypes: ["violations"] });
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? "",
        help: v.help,
        targets: v.nodes.map((n) => JSON.stringify(n.target)),
      }));
  });
}

/**
 * Ids used twice in one tree (the document or an open shadow root): a label pointing at one of
 * them names the wrong thing. axe's own rule does not look inside shadow roots.
 */
function duplicateIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const repeated: string[] = [];
    const visit = (root: Document | ShadowRoot, where: string) => {
      const seen = new Set<string>();
      for (const element of root.querySelectorAll("*")) {
        if (element.id) {
          if (seen.has(element.id)) repeated.push(`${where} #${element.id}`);
          seen.add(element.id);
        }
        if (element.shadowRoot) visit(element.shadowRoot, element.localName);
      }
    };
    visit(document, "document");
    return repeated;
  });
}

/**
 * The pages a viewer, a host and a shop owner use, on a 360×740 phone, in both languages: zero
 * serious or critical accessibility violations by axe-core.
 */
describe.skipIf(!requires("chromium", "widget"))("accessibility (axe-core, Chromium, 360×740)", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ demo: true });
    await seedInsight(server.store.db, server.shop.id, server.roomId);
    // Amy's first order: points to show, and the first-order coupon in her wallet
    const order = await shopApi(server, "/v1/orders", {
      body: {
        orderId: "a11y-order",
        viewerId: DEMO_VIEWERS.amy.id,
        amount: 12_900,
        items: [{ sku: "tea-oolong", qty: 1, price: 12_900 }],
        paidAt: server.clock.now(),
      },
    });
    expect(order.status).toBe(200);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const phone = (locale: string): Promise<BrowserContext> =>
    browser.newContext({ viewport: { width: 360, height: 740 }, locale });

  const openPanel = async (page: Page) => {
    const overlay = page.locator("encore-overlay");
    await overlay.locator("button[aria-expanded]").first().click();
    await overlay.getByRole("dialog").waitFor();
    // let the panel's slide finish: axe measures colours as they are painted
    await page.waitForTimeout(400);
  };

  it.each(["zh-CN", "en"])("the demo room and the overlay, as a guest, panel open (%s)", async (locale) => {
    const context = await phone(locale);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/?room=${server.roomId}&lang=${locale}`);
    await page.locator("encore-overlay").getByRole("button").first().waitFor();
    expect(await seriousFindings(page)).toEqual([]);
    await openPanel(page);
    expect(await seriousFindings(page)).toEqual([]);
    await context.close();
  });

  it.each(["zh-CN", "en"])("the overlay signed in, panel open (%s)", async (locale) => {
    const context = await phone(locale);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const token = await server.token(DEMO_VIEWERS.amy.id, { name: "Amy" });
    await page.goto(`${server.url}/?room=${server.roomId}&lang=${locale}&token=${token}`);
    const overlay = page.locator("encore-overlay");
    await overlay.getByTestId("points").waitFor();
    expect(await seriousFindings(page)).toEqual([]);
    await openPanel(page);
    // every tab of the panel: membership, the coupon wallet, the exchange
    for (const tab of await overlay.getByRole("tab").all()) {
      await tab.click();
      await page.waitForTimeout(150);
      expect(await seriousFindings(page)).toEqual([]);
    }
    expect(await duplicateIds(page)).toEqual([]);
    await context.close();
  });

  it.each(["zh-CN", "en"])("the host console, live and dashboard (%s)", async (locale) => {
    const context = await phone(locale);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const token = await server.token("host-lin", { role: "host", name: "Lin" });
    await page.goto(`${server.url}/host?room=${server.roomId}&lang=${locale}&token=${token}`);
    await page.getByRole("heading", { name: "Test live" }).waitFor();
    // the seeded room is on air: the live badge and the end-live button are checked too
    await page.getByRole("button", { name: /End live|下播/ }).waitFor();
    expect(await seriousFindings(page)).toEqual([]);
    expect(await duplicateIds(page)).toEqual([]);
    await page.getByRole("tab").nth(1).click();
    await page.getByRole("table").first().waitFor();
    expect(await seriousFindings(page)).toEqual([]);
    expect(await duplicateIds(page)).toEqual([]);
    await context.close();
  });
});
