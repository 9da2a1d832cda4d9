import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_VIEWERS } from "../../demo/seed.js";
import { launchChromium } from "../../support/chromium.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";
import { balanceOf, watchedMsOf } from "../../support/watch.js";
import { setStreamPlaying } from "../helpers/demo-stream.js";
import { setReferrals } from "../helpers/referrals.js";

/**
 * "Done when": on the demo pages, Amy copies her invite link from the membership panel; Bo, new
 * to the shop, opens it on another phone and logs in; once he has watched the qualifying minutes
 * (one here, so two stretches of the test's clock make them), both wallets change.
 */
describe.skipIf(!requires("chromium", "widget"))("a referral on the demo pages (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ demo: true });
    browser = await launchChromium();
    await setReferrals(server, { watchMinutes: 1 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const overlay = (page: Page) => page.locator("encore-overlay");
  const phone = async (url: string) => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "en-US" });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(url);
    return page;
  };

  const setPlaying = (page: Page, playing: boolean) => setStreamPlaying(server, page, playing, false);

  it("Amy's invite link brings Bo in, and his first minute of watching rewards both", {
    timeout: 120_000,
  }, async () => {
    const amy = await phone(`${server.url}/?room=${server.roomId}`);
    await amy.getByRole("button", { name: "Amy", exact: true }).click();
    await expect.poll(() => amy.getByTestId("member-name").textContent()).toBe("Amy");
    await overlay(amy)
      .getByRole("button", { name: /Open my membership/ })
      .click();
    const invite = overlay(amy).getByRole("region", { name: "Invite a friend" });
    await invite.waitFor();
    expect(await invite.textContent()).toContain("you get 200 points and your friend 100");
    // Linux Chromium has no Web Share: the button copies the link, and says so
    await invite.getByRole("button", { name: "Copy invite link" }).click();
    await invite.getByText("Link copied: paste it to a friend").waitFor();
    const link = await amy.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(/[?&]encore_ref=[A-Za-z0-9_-]{12}$/);
    const amyBefore = await balanceOf(server, DEMO_VIEWERS.amy.id);

    const bo = await phone(link);
    await bo.getByRole("button", { name: "Bo", exact: true }).click();
    await expect.poll(() => bo.getByTestId("member-name").textContent()).toBe("Bo");
    await expect
      .poll(async () =>
        (await server.store.db.selectFrom("referrals").select("inviter_id").execute()).map((r) => r.inviter_id),
      )
      .toEqual([DEMO_VIEWERS.amy.id]);

    // stretches of 40 s of verified watching, two of them passing the one qualifying minute; on a
    // busy machine the real video can stall as a stretch opens, closing it before the clock moves,
    // so the stretches go on (a few at most) until the server has verified the minute
    await setPlaying(bo, false);
    for (let i = 0; i < 5 && (await watchedMsOf(server, DEMO_VIEWERS.bo.id)) < 60_000; i++) {
      server.clock.advance(1000);
      await setPlaying(bo, true);
      server.clock.advance(40_000);
      await setPlaying(bo, false);
    }
    expect(await watchedMsOf(server, DEMO_VIEWERS.bo.id)).toBeGreaterThanOrEqual(60_000);
    await expect.poll(async () => (await balanceOf(server, DEMO_VIEWERS.bo.id)).points, { timeout: 10_000 }).toBe(100);
    expect((await balanceOf(server, DEMO_VIEWERS.amy.id)).points).toBe(amyBefore.points + 200);
    // both overlays show it: Bo's points, and Amy's card counting him
    await expect.poll(() => overlay(bo).getByTestId("points").textContent()).toBe("100");
    await expect
      .poll(() => overlay(amy).getByTestId("points").textContent())
      .toBe((amyBefore.points + 200).toLocaleString("en"));
  });
});
