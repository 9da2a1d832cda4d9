import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MEMBER_PRICES } from "../../demo/commerce.js";
import { DEMO_VIEWERS } from "../../demo/seed.js";
import { metrics } from "../../server/ops/metrics.js";
import { launchChromium } from "../../support/chromium.js";
import { shopApi } from "../../support/commerce.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";
import { balanceOf } from "../../support/watch.js";
import { setStreamPlaying } from "../helpers/demo-stream.js";

/**
 * Verified watching in stretches of 40 s of server time: 15 make the 10 minutes; two more absorb
 * a stretch the real <video> loses to a buffering blip on a busy machine (a stall is rightly not
 * credited), and the total stays under the 20 minutes of a second block.
 */
const STRETCHES = 17;
const STRETCH_MS = 40_000;

/** Amy's points as the journey goes: she arrives with her carried-over points and watches one block (10 × Silver's 1.2) */
const ARRIVES = DEMO_VIEWERS.amy.points;
const WATCHED = ARRIVES + 12;
/** the serum (¥219) at Silver's member price, with the ¥20 coupon and all her points, which stay under the 20% cap */
const MEMBER_OFF = Math.floor((21_900 * (DEMO_MEMBER_PRICES.silver ?? 0)) / 100);
const PAID = 21_900 - MEMBER_OFF - 2_000 - WATCHED;
const yuan = (fen: number) => `¥${(fen / 100).toFixed(fen % 100 === 0 ? 0 : 2)}`;
const EARNED = Math.floor(Math.floor(PAID / 100) * 1.2);

/**
 * The whole journey on the demo pages, in Chromium, as a person would walk it: the demo room at
 * `/` with the widget embedded from its script tag, the demo shop's backend behind the buy
 * buttons, and the host console at `/host`. The server's clock is the test's, so ten minutes of
 * watching pass at once.
 */
describe.skipIf(!requires("chromium", "widget"))("the demo journey (Chromium)", () => {
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

  const openRoom = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "en-US" });
    const page = await context.newPage();
    // a step that does not happen fails at that step, well inside the test's own time limit
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/?room=${server.roomId}`);
    return page;
  };
  const overlay = (page: Page) => page.locator("encore-overlay");
  /** Beats the server has recorded (this process's counter; the server runs in the test's process). */
  const beatsRecorded = async () => (await metrics.beats.get()).values[0]?.value ?? 0;

  const setPlaying = (page: Page, playing: boolean) => setStreamPlaying(server, page, playing);

  it("guest → login → watch 10 minutes → points → host deal → win → buy with the coupon → a lower tier is refused", {
    timeout: 120_000,
  }, async () => {
    const amy = await openRoom();

    // a guest sees the call to log in, on the stream and nowhere a member's points
    await expect.poll(() => amy.getByTestId("member").textContent()).toContain("Browsing as a guest");
    const loginCall = overlay(amy).getByRole("button", { name: "Log in to earn points", exact: true });
    await loginCall.waitFor();
    expect(await overlay(amy).getByTestId("points").count()).toBe(0);

    // the widget asks the page to log in; the page's login dialog signs Amy in through its backend
    await loginCall.click();
    await amy.getByRole("dialog", { name: "Log in to earn points" }).waitFor();
    const beatsAsGuest = await beatsRecorded();
    await amy.getByRole("button", { name: "Amy (Silver member)" }).click();
    await overlay(amy).getByTestId("points").waitFor();
    expect(await overlay(amy).getByTestId("points").textContent()).toBe(ARRIVES.toLocaleString("en"));
    await expect.poll(() => amy.getByTestId("member-name").textContent()).toBe("Amy");
    expect(await amy.getByTestId("member-tier").textContent()).toContain("Silver");
    expect(await amy.getByRole("button", { name: "Amy", exact: true }).getAttribute("aria-pressed")).toBe("true");

    // she watches while the server's clock moves ten minutes: each stretch is opened and closed by the player
    // (beats are accepted at most once a second of server time, so every pause lasts one). The beat she
    // sent on logging in, the stream already playing, must be in before the clock moves, or on a busy
    // machine it lands in the same second as the first pause and that one is refused.
    await expect.poll(beatsRecorded).toBeGreaterThan(beatsAsGuest);
    server.clock.advance(1000);
    await setPlaying(amy, false);
    for (let i = 0; i < STRETCHES; i++) {
      server.clock.advance(1000);
      await setPlaying(amy, true);
      server.clock.advance(STRETCH_MS);
      await setPlaying(amy, false);
    }
    server.clock.advance(1000);
    await setPlaying(amy, true);
    // one block of 10 watch points at Silver's ×1.2
    await expect
      .poll(() => overlay(amy).getByTestId("points").textContent(), { timeout: 10_000 })
      .toBe(WATCHED.toLocaleString("en"));
    await expect
      .poll(() => amy.getByTestId("member-points").textContent())
      .toBe(`${WATCHED.toLocaleString("en")} points`);
    expect(await balanceOf(server, DEMO_VIEWERS.amy.id)).toEqual({
      points: WATCHED,
      growth: DEMO_VIEWERS.amy.growth + 12,
    });

    // the host, in the console: goes live, features the serum, starts a Silver-only 扣1 deal
    const hostToken = await server.token("host-lin", { role: "host", name: "Host Lin" });
    const host = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" })
    ).newPage();
    host.setDefaultTimeout(10_000);
    await host.goto(`${server.url}/host?room=${server.roomId}&token=${hostToken}&lang=en`);
    await host.getByRole("button", { name: "Go live" }).click();
    await host.getByRole("button", { name: "End live" }).waitFor();
    await host
      .getByRole("list", { name: "Catalogue" })
      .getByRole("button", { name: "Feature Hydrating serum 30 ml" })
      .click();
    await host.getByTestId("featured").waitFor();
    // the overlay shows what the host is showing over the stream, and the page pins it too
    await expect.poll(() => overlay(amy).getByTestId("product-name").textContent()).toBe("Hydrating serum 30 ml");
    await expect.poll(() => amy.getByTestId("pinned-name").textContent()).toBe("Hydrating serum 30 ml");

    const templates = (await shopApi(server, "/v1/coupon-templates")).body.templates as {
      id: string;
      value: number;
      minSpend: number;
    }[];
    const twentyOff = templates.find((t) => t.value === 2000 && t.minSpend === 20_000);
    const offer = host.getByRole("form", { name: "Start offer" });
    await offer.getByLabel("Coupon").selectOption(twentyOff?.id ?? "");
    await offer.getByLabel("Stock").fill("10");
    await offer.getByLabel("Seconds (10–300)").fill("120");
    await offer.getByLabel("Minimum tier").selectOption("silver");
    await offer.getByRole("button", { name: "Start offer" }).click();

    // Amy sees the deal and taps "1": she wins the coupon
    const tap = overlay(amy).getByRole("button", { name: "Send 1" });
    await tap.waitFor();
    expect(await overlay(amy).getByRole("region", { name: "Live deal" }).textContent()).toContain("Silver+ only");
    await tap.click();
    await expect
      .poll(() => overlay(amy).getByTestId("deal-result").textContent())
      .toBe("You got it! The coupon is in your wallet.");

    // she buys the serum from the card over the stream, which opens the page's checkout, with that
    // coupon and her points
    await overlay(amy).getByRole("button", { name: "Buy Hydrating serum 30 ml" }).click();
    const checkout = amy.getByRole("dialog", { name: "Checkout" });
    await checkout.getByTestId("coupon-pick").waitFor();
    expect(await checkout.getByTestId("coupon-pick").locator("option:checked").textContent()).toContain("¥20 off ¥200");
    await checkout.getByLabel(new RegExp(`Pay ${WATCHED.toLocaleString("en")} points`)).check();
    // her tier's member price comes off first, as the server quotes it
    expect(await checkout.getByTestId("member-price").textContent()).toBe(
      `Silver member price −${DEMO_MEMBER_PRICES.silver}%`,
    );
    expect(await checkout.locator("#sum-member").textContent()).toBe(`−${yuan(MEMBER_OFF)}`);
    await expect.poll(() => checkout.getByTestId("to-pay").textContent()).toBe(yuan(PAID));
    await checkout.getByRole("button", { name: `Pay ${yuan(PAID)}` }).click();
    const receipt = checkout.getByTestId("receipt");
    await receipt.waitFor();
    // what was paid in money earns whole yuan × 1.2 points and as much growth; the first order brings the come-back coupon
    expect(await receipt.textContent()).toContain(
      `Paid ${yuan(PAID)} (member price −${yuan(MEMBER_OFF)}, coupon −¥20), ${WATCHED.toLocaleString("en")} points spent.`,
    );
    expect(await receipt.textContent()).toContain(`+${EARNED} points · +${Math.floor(PAID / 100)} growth`);
    expect(await checkout.getByTestId("granted").textContent()).toContain("New coupon: Come back: ¥30 off ¥100");
    await expect
      .poll(() => amy.getByTestId("member-points").textContent())
      .toBe(`${EARNED.toLocaleString("en")} points`);
    expect(await amy.getByTestId("member-growth").textContent()).toBe(
      `${DEMO_VIEWERS.amy.growth + 12 + Math.floor(PAID / 100)} growth`,
    );
    await expect.poll(() => overlay(amy).getByTestId("points").textContent()).toBe(String(EARNED));
    await checkout.getByRole("button", { name: "Cancel" }).click();

    // the come-back coupon is in the widget's wallet, ready; the deal coupon is used
    await overlay(amy)
      .getByRole("button", { name: /Open my membership/ })
      .click();
    await overlay(amy).getByRole("tab", { name: "Coupons" }).click();
    const wallet = overlay(amy).getByRole("tabpanel");
    await expect.poll(() => wallet.textContent()).toContain("Come back: ¥30 off ¥100");
    expect(await wallet.textContent()).toContain("Used");

    // Bo, a new Fan, joins on another phone and taps "1": the deal is above his tier
    const bo = await openRoom();
    await bo.getByRole("button", { name: "Bo", exact: true }).click();
    await expect.poll(() => bo.getByTestId("member-name").textContent()).toBe("Bo");
    const boTap = overlay(bo).getByRole("button", { name: "Send 1" });
    await boTap.waitFor();
    await boTap.click();
    await expect
      .poll(() => overlay(bo).getByTestId("deal-result").textContent())
      .toBe("This deal is for a higher tier. Keep watching to level up.");
  });
});
