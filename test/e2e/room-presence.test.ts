import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../support/chromium.js";
import { giveGrowth, joinAsHost, makeTemplate } from "../../support/offers.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";

/**
 * Status in the room and the host's "who is here", on the demo pages in Chromium: Gia, a Gold
 * viewer whose birthday is this week, comments; another viewer sees her Gold badge beside her name,
 * and so does the host's console. The host finds her in "who is here" for her birthday, taps to
 * greet her with a coupon, and the greeting and the coupon land in her overlay and her wallet.
 */
describe.skipIf(!requires("chromium", "widget"))("tier badges and who is here (Chromium, demo pages)", () => {
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

  /** MM-DD of the server clock's day in the shop's zone: a birthday this week. */
  const birthdayToday = () => {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Shanghai",
      month: "2-digit",
      day: "2-digit",
    }).formatToParts(new Date(server.clock.now()));
    return `${parts.find((p) => p.type === "month")?.value}-${parts.find((p) => p.type === "day")?.value}`;
  };

  const openRoom = async (token: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "en-US" });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/?room=${server.roomId}&lang=en&token=${token}`);
    await page.locator("encore-overlay").getByTestId("points").waitFor();
    return page;
  };

  it("shows Gia's Gold badge to another viewer and the host, and the host's birthday greeting brings her a coupon", async () => {
    await giveGrowth(server, "viewer-gia", 2000);
    const setup = await joinAsHost(server, "host-setup");
    const template = await makeTemplate(setup, { name: { "zh-CN": "生日券", en: "Birthday ¥10 off" }, minSpend: 0 });
    setup.disconnect();

    const hostToken = await server.token("host-lin", { role: "host", name: "Lin" });
    const host = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    host.setDefaultTimeout(10_000);
    await host.goto(`${server.url}/host?room=${server.roomId}&token=${hostToken}&lang=en`);
    await host.getByRole("region", { name: "Who is here" }).waitFor();

    const gia = await openRoom(await server.token("viewer-gia", { name: "Gia", birthday: birthdayToday() }));
    const bo = await openRoom(await server.token("viewer-bo", { name: "Bo" }));

    // Gia comments; Bo's ticker shows her name with her Gold badge beside it
    const giaOverlay = gia.locator("encore-overlay");
    await giaOverlay.getByLabel("Comment").fill("Love this colour");
    await giaOverlay.getByRole("button", { name: "Send" }).click();
    const line = bo
      .locator("encore-overlay")
      .getByRole("list", { name: "Live comments" })
      .getByRole("listitem")
      .filter({ hasText: "Love this colour" });
    await line.waitFor();
    expect(await line.getByTestId("tier-badge").textContent()).toBe("Gold");
    expect(await line.textContent()).toContain("Gia");

    // the host's feed shows the same badge
    const feed = host
      .getByRole("list", { name: "Room comments" })
      .getByRole("listitem")
      .filter({ hasText: "Love this colour" });
    await feed.waitFor();
    expect(await feed.getByTestId("tier-tag").textContent()).toBe("Gold");

    // who is here: Gia, for her birthday, with her tier; Bo is not singled out
    const panel = host.getByRole("region", { name: "Who is here" });
    await panel.getByLabel("Gift with a greeting").selectOption(template.id);
    await panel.getByRole("button", { name: "Look" }).click();
    const row = panel.getByRole("listitem").filter({ hasText: "Gia" });
    await row.waitFor();
    expect(await row.textContent()).toContain("Birthday this week");
    expect(await row.getByTestId("tier-tag").textContent()).toBe("Gold");
    expect(await panel.getByRole("listitem").filter({ hasText: "Bo" }).count()).toBe(0);

    await row.getByRole("button", { name: "Say hi + coupon Gia" }).click();
    await row.getByText("Greeted, coupon sent").waitFor();

    // Gia is greeted in her language, and the coupon is in her wallet
    const greeting = giaOverlay.getByTestId("greeting");
    await greeting.waitFor();
    expect(await greeting.textContent()).toContain("Lin says hi!");
    expect(await greeting.textContent()).toContain("Happy birthday!");
    await giaOverlay.getByTestId("points").click();
    await giaOverlay.getByRole("tab", { name: /^Coupons/ }).click();
    const wallet = giaOverlay.getByRole("list", { name: "Coupons" });
    await expect.poll(() => wallet.textContent()).toContain("Birthday ¥10 off");
    // the demo shop's birthday automation may give her its own coupon too; the greeting gave exactly one
    const gifts = await server.store.db
      .selectFrom("coupons")
      .select(["viewer_id", "source"])
      .where("source", "=", "host_gift")
      .execute();
    expect(gifts).toEqual([{ viewer_id: "viewer-gia", source: "host_gift" }]);
  }, 90_000);
});
