import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostEvent } from "../../protocol/index.js";
import { FAKE_MEDIA_ARGS, launchChromium } from "../../support/chromium.js";
import { shopApi } from "../../support/commerce.js";
import { joinAsHost } from "../../support/offers.js";
import { requires } from "../../support/requires.js";
import { call, startServer, type TestServer } from "../../support/server.js";
import { FAKE_AGORA_MODULE } from "../fixtures/fake-agora-browser.js";
import { addProduct } from "../helpers/products.js";

const AGORA = { appId: "0123456789abcdef0123456789abcdef", appCertificate: "fedcba9876543210fedcba9876543210" };
/** set to a folder to keep a screenshot of each step (docs, review) */
const SHOTS = process.env.ENCORE_SHOTS_DIR;

/** What each side reads, in each language the room speaks. */
const WORDS = {
  en: {
    look: "Look",
    invite: "Invite on stage Amy",
    invited: "Lin invites you on stage",
    accept: "Accept",
    goLive: "Go on stage",
    onStage: "You're on stage",
    guest: "Amy is on stage",
    bought: "Bought this",
    end: "End",
    ended: "The host ended your time on stage.",
  },
  "zh-CN": {
    look: "查看",
    invite: "邀请连麦 Amy",
    invited: "Lin 邀请你连麦",
    accept: "接受",
    goLive: "上麦",
    onStage: "你正在连麦",
    guest: "Amy 正在连麦",
    bought: "已购同款",
    end: "结束连麦",
    ended: "主播结束了你的连麦。",
  },
} as const;

interface FakeAgoraLog {
  joins: { role: string; token: string; uid: number; channel: string }[];
  published: { role: string; kinds: string[]; uid: number }[];
  unpublished: number;
  renewals: string[];
  left: number;
}

/**
 * 连麦 on the demo pages in Chromium, with a fake Agora SDK served in place of the real one and
 * Chromium's fake camera: the host invites Amy from "who is here", she accepts, previews her
 * camera, goes on stage (the fake records a publish with the publisher token), Bo sees her on stage
 * with the "bought this" badge, the host ends it, Amy is told, and her token's renewal is refused.
 */
describe.skipIf(!requires("chromium", "widget"))("a guest on stage (Chromium, demo pages, fake SDK)", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer({ demo: true, agora: AGORA });
    browser = await launchChromium(FAKE_MEDIA_ARGS);
    // Amy bought the product the host features
    await addProduct(server, { sku: "stage-tea", name: { "zh-CN": "白茶", en: "White tea" } });
    const order = await shopApi(server, "/v1/orders", {
      body: {
        orderId: "o-stage-amy",
        viewerId: "viewer-amy",
        amount: 21_900,
        items: [{ sku: "stage-tea", qty: 1, price: 21_900 }],
        paidAt: server.clock.now(),
      },
    });
    expect(order.status).toBe(200);
    const setup = await joinAsHost(server, "host-setup");
    expect(await call(setup, HostEvent.feature, { sku: "stage-tea" })).toMatchObject({ ok: true });
    setup.disconnect();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const shot = async (page: Page, name: string) => {
    if (!SHOTS) return;
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/${name}.png` });
  };

  const openRoom = async (token: string, locale: keyof typeof WORDS, width: number, height: number) => {
    const context = await browser.newContext({ viewport: { width, height }, locale });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.route("**/widget/agora-rtc-sdk-ng.js", (route) =>
      route.fulfill({ contentType: "text/javascript", body: FAKE_AGORA_MODULE }),
    );
    await page.goto(`${server.url}/?room=${server.roomId}&lang=${locale}&token=${token}`);
    await page.locator("encore-overlay").getByTestId("points").waitFor();
    return page;
  };

  describe.each(["en", "zh-CN"] as const)("in %s", (locale) => {
    it("invites, previews, publishes, shows the room, ends, and refuses the renewal", async () => {
      const words = WORDS[locale];
      const wide = locale === "en" ? 360 : 1280;
      const hostToken = await server.token("host-lin", { role: "host", name: "Lin" });
      const host = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale });
      host.setDefaultTimeout(10_000);
      await host.goto(`${server.url}/host?room=${server.roomId}&token=${hostToken}&lang=${locale}`);

      const amyToken = await server.token("viewer-amy", { name: "Amy" });
      const amy = await openRoom(amyToken, locale, wide, wide === 360 ? 740 : 800);
      const bo = await openRoom(await server.token("viewer-bo", { name: "Bo" }), locale, 360, 740);

      // the host finds Amy in "who is here" and taps to invite her on stage
      await host.getByRole("button", { name: words.look }).click();
      await host.getByRole("button", { name: words.invite }).first().click();
      await host.getByTestId("host-stage").and(host.locator("[data-state=invited]")).waitFor();

      const overlay = amy.locator("encore-overlay");
      const card = overlay.getByTestId("stage-card");
      await card.getByText(words.invited).waitFor();
      await shot(amy, `stage-invite-${locale}-${wide}`);
      await card.getByRole("button", { name: words.accept }).click();

      // accepting opens camera and microphone: the preview plays Chromium's fake camera
      await overlay.getByTestId("stage-preview").and(overlay.locator("[data-open=true]")).waitFor();
      await expect
        .poll(() => overlay.locator("video[data-fake-agora=video]").evaluate((v: HTMLVideoElement) => v.readyState))
        .toBeGreaterThanOrEqual(2);
      await shot(amy, `stage-preview-${locale}-${wide}`);
      await card.getByRole("button", { name: words.goLive }).click();
      await card.getByText(words.onStage).waitFor();

      // the fake SDK joined as host with the publisher token and published both tracks
      const published = await amy.evaluate(() => (window as unknown as { __fakeAgora: FakeAgoraLog }).__fakeAgora);
      expect(published.published).toEqual([{ role: "host", kinds: ["audio", "video"], uid: expect.any(Number) }]);
      const join = published.joins.find((j) => j.role === "host");
      expect(join).toMatchObject({ channel: server.roomId, token: expect.stringMatching(/^007/) });

      // while the spot lasts, the SDK's "about to expire" renews the token
      await amy.evaluate(() => (window as unknown as { __fakeAgora: { willExpire(): void } }).__fakeAgora.willExpire());
      await expect
        .poll(() =>
          amy.evaluate(() => (window as unknown as { __fakeAgora: FakeAgoraLog }).__fakeAgora.renewals.length),
        )
        .toBe(1);

      // Bo sees who is on stage: her name, her tier, and that she bought the featured product
      const guest = bo.locator("encore-overlay").getByTestId("stage-guest");
      await guest.getByText(words.guest).waitFor();
      expect(await guest.getByTestId("stage-bought").textContent()).toBe(words.bought);
      await shot(amy, `stage-on-${locale}-${wide}`);
      await shot(bo, `stage-audience-${locale}-360`);
      const hostStage = host.getByTestId("host-stage");
      await hostStage.and(host.locator("[data-state=on_stage]")).waitFor();
      expect(await hostStage.textContent()).toContain(words.bought);
      await shot(host, `stage-console-${locale}-1280`);

      // the host ends it: Amy is told, her SDK stops publishing and leaves, Bo's line goes
      await hostStage.getByRole("button", { name: words.end }).click();
      await overlay.getByTestId("stage-ended").getByText(words.ended).waitFor();
      await guest.waitFor({ state: "detached" });
      const after = await amy.evaluate(() => (window as unknown as { __fakeAgora: FakeAgoraLog }).__fakeAgora);
      expect(after.unpublished).toBe(1);
      expect(after.left).toBeGreaterThanOrEqual(1);
      await shot(amy, `stage-ended-${locale}-${wide}`);

      // the renewal Amy's player would ask for is refused now
      const renewal = await fetch(`${server.url}/v1/rooms/${server.roomId}/stage-token`, {
        headers: { authorization: `Bearer ${amyToken}` },
      });
      expect(renewal.status).toBe(409);
      expect(await renewal.json()).toMatchObject({ error: { code: "stage_ended" } });

      await Promise.all([amy.context().close(), bo.context().close(), host.close()]);
    }, 90_000);
  });
});
