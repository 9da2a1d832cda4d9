/**
 * The README's pictures, all from the real demo pages on a real server: the demo shop seeded as
 * `npm start` seeds it, its backend mounted, a simulated crowd in the room, the host running the
 * live from /host and Amy watching on a phone at /. `npm run screenshots` (builds first).
 *
 *   docs/overlay-360.png           the overlay over the stream, points with +N (360×740)
 *   docs/overlay-panel-360.png     tier, progress and perks
 *   docs/overlay-coupons-360.png   the coupon wallet
 *   docs/overlay-exchange-360.png  points for coupons
 *   docs/deal-banner-360.png       a live 扣1 deal on the stream
 *   docs/host-console.png          the host console during the deal, with the crowd's numbers
 *   docs/demo-room.png             the demo room on a laptop, with the pinned product
 *   docs/back-office-viewers.png   the back office on a laptop: Amy's profile in the Viewers section
 *   docs/back-office-360.png       the same on a phone, in Chinese
 *   docs/back-office-settings.png  the Settings section on a laptop: a new API key shown once, the signing key, origins
 *   docs/back-office-settings-360.png  the same on a phone, in Chinese
 *   docs/back-office-program.png   the Program section on a laptop: tiers with entry rewards, beside what viewers will see
 *   docs/back-office-program-360.png  the same on a phone, in Chinese
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { DEMO_PRODUCTS } from "../demo/catalogue.js";
import { runCrowd } from "../demo/crowd.js";
import { DEMO_ROOM_ID, DEMO_SHOP_ID, DEMO_VIEWERS, seedDemo } from "../demo/seed.js";
import { registerDemoBackend } from "../demo/shop-backend.js";
import { createApp } from "../server/app.js";
import { systemClock } from "../server/clock.js";
import { adminLinkUrl, createSignInLink } from "../server/services/admin-sessions.js";
import { openStore } from "../server/store/database.js";
import { launchChromium } from "../support/chromium.js";

const dir = mkdtempSync(join(tmpdir(), "encore-shots-"));
const store = await openStore(join(dir, "demo.db"));
// the demo backend's API key and signing key, known once the demo shop is seeded (before the first page can call)
let apiKey = "";
let signingKey = { secret: "", kid: "" };
const app = await createApp({
  store,
  clock: systemClock,
  routes: (http, ctx) =>
    registerDemoBackend(http, ctx, {
      shopId: DEMO_SHOP_ID,
      roomId: DEMO_ROOM_ID,
      apiKey: () => apiKey,
      signingKey: () => signingKey,
    }),
});
const url = await app.listen(0);
const links = await seedDemo(store, url, Date.now());
apiKey = links.apiKey;
signingKey = links.signingKey;
const hostLink = `${links.host}&lang=en`;

const shopApi = async (path: string, body: unknown) => {
  const res = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${links.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
};

/** Settles what animates (the +N, the panel's slide) before a picture is taken. */
const settle = (page: Page, ms = 450) => page.waitForTimeout(ms);

const browser = await launchChromium();
// the crowd makes the room busy while the pictures are taken, and stops by itself
const crowd = runCrowd({
  url,
  room: DEMO_ROOM_ID,
  shop: DEMO_SHOP_ID,
  secret: links.shopSecret,
  viewers: 120,
  seconds: 40,
  chatEveryMs: 8000,
});
try {
  // Amy's history at the shop: an earlier order (points, growth, the come-back coupon)
  await shopApi("/v1/orders", {
    orderId: "earlier-order-1",
    viewerId: DEMO_VIEWERS.amy.id,
    amount: 12_900,
    items: [{ sku: "tea-oolong", name: "Oolong tea gift tin", qty: 1, price: 12_900 }],
    paidAt: Date.now() - 3 * 24 * 3600 * 1000,
  });

  const phone = await (
    await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, locale: "en-US" })
  ).newPage();
  phone.setDefaultTimeout(15_000);
  await phone.goto(`${url}/?room=${DEMO_ROOM_ID}`);
  await phone.getByRole("button", { name: "Amy", exact: true }).click();
  const overlay = phone.locator("encore-overlay");
  await overlay.getByTestId("points").waitFor();
  await shopApi(`/v1/viewers/${DEMO_VIEWERS.amy.id}/points`, {
    delta: 20,
    note: "watch bonus",
    idempotencyKey: `screenshots-${Date.now()}`,
  });
  await overlay.getByTestId("gain").waitFor();
  await settle(phone);
  await phone.screenshot({ path: "docs/overlay-360.png" });

  await overlay.locator("button[aria-expanded]").click();
  await overlay.getByRole("dialog").waitFor();
  await settle(phone);
  await phone.screenshot({ path: "docs/overlay-panel-360.png" });
  await overlay.getByRole("tab").nth(1).click();
  await settle(phone, 200);
  await phone.screenshot({ path: "docs/overlay-coupons-360.png" });
  await overlay.getByRole("tab").nth(2).click();
  await settle(phone, 200);
  await phone.screenshot({ path: "docs/overlay-exchange-360.png" });
  await phone.keyboard.press("Escape");

  // the host features the serum and calls a deal for everyone
  const host = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" })).newPage();
  host.setDefaultTimeout(15_000);
  await host.goto(hostLink);
  const serum = DEMO_PRODUCTS.find((p) => p.sku === "serum-30");
  await host
    .getByRole("list", { name: "Catalogue" })
    .getByRole("button", { name: `Feature ${serum?.name.en}` })
    .click();
  await host.getByTestId("featured").waitFor();
  const offer = host.getByRole("form", { name: "Start offer" });
  const options = await offer.getByLabel("Coupon").locator("option").allTextContents();
  const deal = options.find((label) => label.startsWith("¥20 off ¥200"));
  if (deal) await offer.getByLabel("Coupon").selectOption({ label: deal });
  await offer.getByLabel("Stock").fill("500");
  await offer.getByLabel("Seconds (10–300)").fill("120");
  await offer.getByRole("button", { name: "Start offer" }).click();

  await overlay.getByRole("button", { name: "Send 1" }).waitFor();
  await settle(phone, 1500);
  await phone.screenshot({ path: "docs/deal-banner-360.png" });

  // the crowd answers the deal; the console shows claims, winners and the room's comments
  await host.waitForTimeout(6000);
  await host.screenshot({ path: "docs/host-console.png" });

  const laptop = await (
    await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "en-US" })
  ).newPage();
  await laptop.goto(`${url}/?room=${DEMO_ROOM_ID}`);
  await laptop.getByRole("button", { name: "Bo", exact: true }).click();
  await laptop.getByTestId("pinned-name").waitFor();
  await laptop.locator("encore-overlay").getByTestId("points").waitFor();
  await settle(laptop, 1500);
  await laptop.screenshot({ path: "docs/demo-room.png" });

  // the shop owner signs in to the back office by a one-time link and opens Amy's profile
  const backOffice = async (viewport: { width: number; height: number }, locale: string, path: string) => {
    const { secret } = await createSignInLink({ store, clock: systemClock }, DEMO_SHOP_ID, { name: "Demo owner" });
    const page = await (await browser.newContext({ viewport, deviceScaleFactor: 2, locale })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(adminLinkUrl(url, secret));
    await page.getByTestId("back-office-signed-in").waitFor();
    await page.getByRole("searchbox").fill("Amy");
    await page.getByRole("button", { name: /Amy/ }).first().click();
    await page.getByTestId("viewer-profile").waitFor();
    await settle(page, 600);
    await page.screenshot({ path, fullPage: false });
  };
  await backOffice({ width: 1280, height: 860 }, "en-US", "docs/back-office-viewers.png");
  await backOffice({ width: 360, height: 740 }, "zh-CN", "docs/back-office-360.png");

  // the Settings section: a key made for the shop's checkout, shown this once, beside the signing key
  const settings = async (viewport: { width: number; height: number }, locale: string, path: string) => {
    const { secret } = await createSignInLink({ store, clock: systemClock }, DEMO_SHOP_ID, { name: "Demo owner" });
    const page = await (await browser.newContext({ viewport, deviceScaleFactor: 2, locale })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(adminLinkUrl(url, secret));
    const keys = page.getByTestId("api-keys");
    await keys.getByRole("textbox").fill(locale === "en-US" ? "Checkout" : "收银系统");
    await keys.locator("button[type=submit]").click();
    await page.getByTestId("new-api-key").waitFor();
    await page.getByTestId("signing-current").waitFor();
    await page.getByTestId("settings-section").evaluate((section) => section.scrollIntoView());
    await settle(page, 300);
    await page.screenshot({ path, fullPage: false });
  };
  await settings({ width: 1280, height: 860 }, "en-US", "docs/back-office-settings.png");
  await settings({ width: 360, height: 740 }, "zh-CN", "docs/back-office-settings-360.png");

  // the Program section: the tiers with their entry rewards, beside what viewers will see
  const program = async (viewport: { width: number; height: number }, locale: string, path: string) => {
    const { secret } = await createSignInLink({ store, clock: systemClock }, DEMO_SHOP_ID, { name: "Demo owner" });
    const page = await (await browser.newContext({ viewport, deviceScaleFactor: 2, locale })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(adminLinkUrl(url, secret));
    await page.getByTestId("program-preview").waitFor();
    await page.getByTestId("program-section").evaluate((section) => section.scrollIntoView());
    await settle(page, 300);
    await page.screenshot({ path, fullPage: false });
  };
  await program({ width: 1280, height: 860 }, "en-US", "docs/back-office-program.png");
  await program({ width: 360, height: 740 }, "zh-CN", "docs/back-office-program-360.png");
  console.log(
    "wrote docs/{overlay,overlay-panel,overlay-coupons,overlay-exchange,deal-banner}-360.png, host-console.png, demo-room.png, back-office-viewers.png, back-office-360.png, back-office-settings.png, back-office-settings-360.png, back-office-program.png, back-office-program-360.png",
  );
} finally {
  await browser.close();
  const report = await crowd;
  console.log(`crowd: ${report.connected} viewers, ${report.comments} comments, ${report.claims.won} deals won`);
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
