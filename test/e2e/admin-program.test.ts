import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopConfig } from "../../protocol/index.js";
import { ensureViewer } from "../../server/store/viewers.js";
import { launchChromium } from "../../support/chromium.js";
import { createTemplateOverApi, shopApi } from "../../support/commerce.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";
import { printLink } from "../helpers/admin.js";

/**
 * The Program section in Chromium, against the real server: sign in by the link, lower a tier's
 * threshold and see a viewer's tier move in the open profile; then two sessions edit the program,
 * and the one that read it first is told it changed elsewhere and loses nothing it typed.
 */
describe.skipIf(!requires("chromium", "widget"))("the back office's Program section in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const signedIn = async (name: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(await printLink(server, server.shop.id, name));
    await page.getByTestId("program-section").waitFor();
    return page;
  };
  const tier = (page: Page, name: string) => page.getByRole("group", { name });

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    await ensureViewer(server.store.db, server.shop.id, "u-300", { name: "Lily Zhang" }, server.clock.now());
    await shopApi(server, "/v1/viewers/u-300/growth", { body: { delta: 300, note: "seed", idempotencyKey: "seed" } });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it("lowers Silver's threshold and the open profile moves the viewer to Silver; a stale save keeps its text", async () => {
    const mia = await signedIn("Mia");
    const leo = await signedIn("Leo");

    await mia.getByLabel("Find a viewer").fill("lily");
    await mia.getByRole("button", { name: /Lily Zhang/ }).click();
    await mia.getByTestId("viewer-profile").waitFor();
    expect(await mia.getByTestId("tier-badge").textContent()).toBe("Fan");

    // what is not a number is refused by the server, beside the field, and changes nothing
    const silverThreshold = tier(mia, "Silver").getByLabel("From growth");
    await silverThreshold.fill("a lot");
    await mia.getByRole("button", { name: "Save the program" }).click();
    await tier(mia, "Silver").getByText("A whole number of growth, above the tier before it.").waitFor();

    await silverThreshold.fill("250");
    expect(await mia.getByTestId("program-preview").textContent()).toContain("Silver from 250 growth");
    await mia.getByRole("button", { name: "Save the program" }).click();
    await mia.getByText("Saved. Viewers' tiers follow the new thresholds.").waitFor();
    await mia.getByTestId("tier-badge").getByText("Silver", { exact: true }).waitFor();

    // Leo read the program before Mia saved: his save is refused, and what he typed stays
    const goldMultiplier = tier(leo, "Gold").getByLabel("Watch points ×");
    await goldMultiplier.fill("1.6");
    await leo.getByRole("button", { name: "Save the program" }).click();
    await leo.getByText(/Someone changed the program elsewhere/).waitFor();
    expect(await goldMultiplier.inputValue()).toBe("1.6");
    expect(await tier(leo, "Silver").getByLabel("From growth").inputValue()).toBe("500");

    // reloading takes Mia's threshold and keeps Leo's multiplier; saving then loses neither
    await leo.getByRole("button", { name: "Reload" }).click();
    await leo.getByText(/Someone changed the program elsewhere/).waitFor({ state: "detached" });
    expect(await tier(leo, "Silver").getByLabel("From growth").inputValue()).toBe("250");
    expect(await goldMultiplier.inputValue()).toBe("1.6");
    await leo.getByRole("button", { name: "Save the program" }).click();
    await leo.getByText("Saved. Viewers' tiers follow the new thresholds.").waitFor();

    const config = (await shopApi(server, "/v1/config", { method: "GET" })).body as unknown as ShopConfig;
    expect(config.tiers.map((t) => [t.key, t.threshold, t.multiplier])).toEqual([
      ["fan", 0, 1],
      ["silver", 250, 1.2],
      ["gold", 2000, 1.6],
      ["vip", 8000, 2],
    ]);
    const viewer = (await shopApi(server, "/v1/viewers/u-300", { method: "GET" })).body as {
      wallet: { tier: { key: string } };
    };
    expect(viewer.wallet.tier.key).toBe("silver");
  });
  it("sets Gold's entry reward and a member day, and a refused day of the month shows beside its field", async () => {
    const templateId = await createTemplateOverApi(server, { name: { "zh-CN": "钻粉礼券", en: "Gold welcome" } });
    const ana = await signedIn("Ana");
    const memberDays = ana.getByRole("region", { name: /Member days/ });

    // a day past the month's end is refused beside the field, and nothing is saved
    const daysOfMonth = memberDays.getByLabel("Days of the month");
    await daysOfMonth.fill("1, 32");
    await ana.getByRole("button", { name: "Save the program" }).click();
    await memberDays.getByText("Days from 1 to 31, separated by commas, e.g. 1, 18.").waitFor();
    expect(((await shopApi(server, "/v1/config", { method: "GET" })).body as unknown as ShopConfig).memberDays).toEqual(
      { daysOfMonth: [18], daysOfWeek: [], multiplier: 2 },
    );

    await daysOfMonth.fill("1, 18");
    await memberDays.getByLabel("Sat").check();
    await ana.getByLabel("Give a coupon when a viewer reaches a tier").check();
    await tier(ana, "Gold").getByLabel("Coupon on reaching it").selectOption({ label: "Gold welcome" });
    const preview = ana.getByTestId("program-preview");
    expect(await preview.textContent()).toContain("a Gold welcome on reaching it");
    expect(await preview.textContent()).toContain("Member days are the 1st and 18th of each month and every Saturday");
    await ana.getByRole("button", { name: "Save the program" }).click();
    await ana.getByText("Saved. Viewers' tiers follow the new thresholds.").waitFor();

    const config = (await shopApi(server, "/v1/config", { method: "GET" })).body as unknown as ShopConfig;
    expect(config.automations.tierEntry).toEqual({ enabled: true, templates: { gold: templateId } });
    expect(config.memberDays).toEqual({ daysOfMonth: [1, 18], daysOfWeek: [6], multiplier: 2 });
  });
});
