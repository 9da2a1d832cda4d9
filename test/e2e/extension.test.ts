import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_VIEWERS } from "../../demo/seed.js";
import { ClientEvent, HostEvent } from "../../protocol/index.js";
import { createRoom } from "../../server/services/shops.js";
import { shopApi } from "../../support/commerce.js";
import {
  buildTestExtension,
  type ExtensionBrowser,
  extensionStorage,
  launchWithExtension,
  setExtensionSignIn,
  setExtensionToken,
} from "../../support/extension.js";
import { joinAsHost, makeTemplate } from "../../support/offers.js";
import { type PlatformPageAddress, type PlatformPages, servePlatformPages } from "../../support/platform-pages.js";
import { requires } from "../../support/requires.js";
import { call, startServer, type TestServer } from "../../support/server.js";
import { watchedMsOf } from "../../support/watch.js";
import { recordBeats } from "../helpers/beat-log.js";

/** One live room per platform, each by the platform's own id, as its fixture page shows it. */
const ROOMS: { platform: string; id: string; page: PlatformPageAddress }[] = [
  { platform: "douyin", id: "646454278948", page: { host: "live.douyin.com", path: "/646454278948" } },
  { platform: "taobao", id: "512399", page: { host: "tbzb.taobao.com", path: "/live?liveId=512399&spm=a1" } },
  { platform: "tiktok", id: "encore.demo", page: { host: "www.tiktok.com", path: "/@Encore.Demo/live" } },
  { platform: "kuaishou", id: "3xk9yz2", page: { host: "live.kuaishou.com", path: "/u/3xk9yz2" } },
  // a channel's live page: the id is read from the page's canonical link
  { platform: "youtube", id: "jfKfPfyJRdk", page: { host: "www.youtube.com", path: "/@encore/live" } },
  { platform: "twitch", id: "encore_demo", page: { host: "www.twitch.tv", path: "/encore_demo" } },
  { platform: "bilibili", id: "21452505", page: { host: "live.bilibili.com", path: "/21452505" } },
];
const DOUYIN = ROOMS[0] as (typeof ROOMS)[number];

const LOOKUP = "/v1/platform-rooms/lookup";

/** The lookups and beats a page sends (its content script's requests are the page's in DevTools' eyes). */
function record(page: Page) {
  const lookups: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes(LOOKUP)) lookups.push(request.url());
  });
  return { lookups, beats: recordBeats(page) };
}

const overlayShown = (page: Page) =>
  page.waitForFunction(() => Boolean(document.querySelector("encore-overlay")?.shadowRoot?.querySelector("section")));

/** The overlay's host box and the video's, in the page's coordinates. */
const boxes = (page: Page) =>
  page.evaluate(() => {
    const box = (el: Element | null) => {
      const r = el?.getBoundingClientRect();
      return r
        ? { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) }
        : null;
    };
    return { overlay: box(document.querySelector("encore-overlay")), video: box(document.querySelector("video")) };
  });

describe.skipIf(!requires("chromium"))("the browser extension on platform live rooms (Chromium)", () => {
  let server: TestServer;
  let pages: PlatformPages;
  let extension: { dir: string; dispose(): void };
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    // the demo shop's backend: its sign-in page hands the extension a viewer token
    server = await startServer({ demo: true });
    pages = await servePlatformPages();
    extension = await buildTestExtension(server.url);
    browser = await launchWithExtension(extension.dir, { locale: "en" });
    for (const room of ROOMS) {
      const mapped = await shopApi(server, "/v1/platform-rooms", {
        method: "PUT",
        body: { platform: room.platform, platformRoomId: room.id, roomId: server.roomId },
      });
      expect(mapped.status).toBe(200);
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    extension?.dispose();
    await pages?.close();
    await server?.close();
  });

  it("mounts the overlay over each platform's stream video on a mapped room, as a guest without a token", async () => {
    for (const room of ROOMS) {
      const page = await browser.context.newPage();
      await page.goto(pages.url(room.page));
      await overlayShown(page);
      const { overlay, video } = await boxes(page);
      expect(overlay, room.platform).toEqual(video);
      await page.close();
    }
  });

  it("with the viewer's token in extension storage, beats follow the platform's video: playing sends them, paused stops them", async () => {
    const page = await browser.context.newPage();
    const { beats } = record(page);
    await page.goto(pages.url(DOUYIN.page));
    await overlayShown(page);
    await setExtensionToken(browser, await server.token("v_platform"));
    // the token's arrival remounts the overlay as the viewer: the beats are now the viewer's
    const settled = { timeout: 15_000 };
    await expect.poll(() => beats.accepted(), settled).toEqual({ playing: false, visible: true });

    // the clock moves only once the server has answered the last change (test/helpers/beat-log.ts)
    const later = () => server.clock.advance(20_000);
    later();
    await page.evaluate(() => document.querySelector("video")?.play());
    await expect.poll(() => beats.accepted(), settled).toEqual({ playing: true, visible: true });
    later();
    await page.evaluate(() => document.querySelector("video")?.pause());
    await expect.poll(() => beats.accepted(), settled).toEqual({ playing: false, visible: true });
    const pausedAt = beats.sent.length;
    later();
    await page.waitForTimeout(1500);
    expect(beats.sent.slice(pausedAt).every((b) => !b.playing)).toBe(true);
    // the server credited the 20 s the video played, and none of the time it was paused
    await expect.poll(() => watchedMsOf(server, "v_platform"), settled).toBe(20_000);
    await setExtensionToken(browser, null);
    await page.close();
  });

  it("ten minutes of the platform's video playing earn the watch points, and a 扣1 deal the host starts in the console is won on the platform page", {
    timeout: 120_000,
  }, async () => {
    const setup = await joinAsHost(server, "host-setup");
    const template = await makeTemplate(setup, { name: { "zh-CN": "立减10元", en: "¥10 off" }, minSpend: 0 });
    setup.disconnect();

    const page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    const { beats } = record(page);
    await page.goto(pages.url(DOUYIN.page));
    await overlayShown(page);
    await setExtensionToken(browser, await server.token("v_fan", { name: "Fan" }));
    const overlay = page.locator("encore-overlay");
    await expect.poll(() => overlay.getByTestId("points").textContent()).toBe("0");
    await expect.poll(() => beats.accepted()).toEqual({ playing: false, visible: true });

    // the server takes a beat at most once a second of its time, and credits at most 45 s between
    // two: the video plays in stretches of 40 s of the server's clock, opened and closed by the player
    const setPlaying = async (playing: boolean) => {
      server.clock.advance(1000);
      await page.evaluate((play) => {
        const video = document.querySelector("video");
        if (play) void video?.play();
        else video?.pause();
      }, playing);
      // answered, not only sent: the clock must not move while the server has yet to judge it
      await expect.poll(() => beats.accepted()?.playing).toBe(playing);
    };
    for (let i = 0; i < 16; i++) {
      await setPlaying(true);
      server.clock.advance(40_000);
      await setPlaying(false);
    }
    // one block of ten minutes: 10 points at the first tier's ×1
    await expect.poll(() => overlay.getByTestId("points").textContent(), { timeout: 10_000 }).toBe("10");

    const hostToken = await server.token("host-lin", { role: "host", name: "Host Lin" });
    const host = await browser.context.newPage();
    host.setDefaultTimeout(10_000);
    await host.goto(`${server.url}/host?room=${server.roomId}&token=${hostToken}&lang=en`);
    const form = host.getByRole("form", { name: "Start offer" });
    await form.getByLabel("Stock").fill("5");
    await form.getByLabel("Coupon").selectOption(template.id);
    await form.getByRole("button", { name: "Start offer" }).click();

    await overlay.getByRole("button", { name: "Send 1" }).click();
    await expect
      .poll(() => overlay.getByTestId("deal-result").textContent())
      .toContain("You got it! The coupon is in your wallet.");
    const won = await server.store.db
      .selectFrom("coupons")
      .select("viewer_id")
      .where("template_id", "=", template.id)
      .execute();
    expect(won).toEqual([{ viewer_id: "v_fan" }]);
    await setExtensionToken(browser, null);
    await host.close();
    await page.close();
  });

  it("an unmapped room and an impostor page get nothing: no overlay, and the impostor not even a lookup", async () => {
    const unmapped = await browser.context.newPage();
    const asked = record(unmapped);
    await unmapped.goto(pages.url({ host: "live.douyin.com", path: "/999999999" }));
    await expect.poll(() => asked.lookups.length).toBe(1);
    await unmapped.waitForTimeout(1500);
    expect(await unmapped.locator("encore-overlay").count()).toBe(0);

    const impostor = await browser.context.newPage();
    const fooled = record(impostor);
    const served = await (await fetch(pages.impostorUrl(DOUYIN.page))).text();
    await impostor.goto(pages.impostorUrl(DOUYIN.page));
    await impostor.waitForTimeout(2500);
    expect(fooled.lookups).toEqual([]);
    expect(await impostor.locator("encore-overlay").count()).toBe(0);
    // the page is exactly as served: nothing was added to it
    expect(await impostor.evaluate(() => document.body.children.length)).toBe(
      (served.match(/<body>([\s\S]*)<\/body>/)?.[1] ?? "").match(/^<(header|main)/gm)?.length,
    );
    await unmapped.close();
    await impostor.close();
  });

  it("signs in through the demo shop's login: the popup shows the viewer's points, and the platform page joins as them", async () => {
    const popup = await browser.context.newPage();
    await popup.goto(`${browser.origin}/popup.html`);
    await expect.poll(() => popup.locator("#status").textContent()).toBe("Not signed in");
    const [login] = await Promise.all([
      browser.context.waitForEvent("page"),
      popup.getByRole("button", { name: "Sign in" }).click(),
    ]);
    await login.waitForLoadState();
    expect(new URL(login.url()).origin).toBe(server.url);
    await login.getByRole("button", { name: /^Amy/ }).click();
    await expect.poll(() => login.locator("#status").textContent()).toContain("Signed in as Amy");

    // the popup follows the storage: Amy's points, tier and progress, from the widget's snapshot
    const amy = DEMO_VIEWERS.amy;
    await expect.poll(() => popup.locator("h1").textContent()).toBe(`${amy.points.toLocaleString("en")} points`);
    await expect.poll(() => popup.locator("#status").textContent()).toBe("Signed in as Amy");
    expect(await popup.getByRole("progressbar").count()).toBe(1);
    await popup.getByRole("tab", { name: "Coupons" }).click();
    await popup.getByRole("tab", { name: "For you" }).click();
    await expect.poll(() => popup.getByRole("tabpanel").textContent()).not.toBe("");

    // the content script on a mapped platform room joins as Amy: her points in the overlay, and beats (guests never beat)
    const page = await browser.context.newPage();
    const { beats } = record(page);
    await page.goto(pages.url(DOUYIN.page));
    await overlayShown(page);
    await expect
      .poll(() => page.locator("encore-overlay").evaluate((el) => el.shadowRoot?.textContent ?? ""))
      .toContain(amy.points.toLocaleString("en"));
    await expect.poll(() => beats.sent.length).toBeGreaterThan(0);

    // signing out forgets the token: the popup asks to sign in again
    await popup.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => popup.locator("#status").textContent()).toBe("Not signed in");
    expect(await extensionStorage(browser)).toEqual({});
    await page.close();
    await login.close();
    await popup.close();
  });

  it("a page that is not the shop's cannot hand over a token: the extension is not even reachable from it", async () => {
    const page = await browser.context.newPage();
    await page.goto(pages.url(DOUYIN.page));
    // the fixture server is another origin than the shop's sign-in (another port)
    expect(await page.evaluate(() => typeof (window as { chrome?: { runtime?: unknown } }).chrome?.runtime)).toBe(
      "undefined",
    );
    await page.close();
  });

  it("an expired or forged token is refused as the widget's is, and the popup asks to sign in again", async () => {
    const popup = await browser.context.newPage();
    for (const token of [
      await server.token("v_forged", {}, "not-the-shop-secret"),
      await server.token("v_expired", { exp: Math.floor(server.clock.now() / 1000) - 60 }),
    ]) {
      await popup.goto(`${browser.origin}/popup.html`);
      await setExtensionSignIn(browser, { token, room: server.roomId, renew: `${server.url}/demo/api/renew` });
      await expect
        .poll(() => popup.locator("#status").textContent())
        .toBe("Your sign-in has ended. Please sign in again.");
      expect(await extensionStorage(browser)).toEqual({});
      expect(await popup.getByRole("button", { name: "Sign in" }).count()).toBe(1);
    }
    await popup.close();
  });

  it("a followed room going live raises one system notification, none for a room whose reminders are off", async () => {
    // Amy follows the room she signs in from (reminders turned off here) and asks to be reminded of another
    const evening = await createRoom(server.store.db, server.shop.id, { title: "Evening live" }, server.clock.now());
    const token = await server.token("amy", { name: "Amy" });
    const here = await server.connect({ room: server.roomId, token });
    expect(await call(here, ClientEvent.reminder, { on: false })).toMatchObject({ ok: true });
    const there = await server.connect({ room: evening.id, token });
    expect(await call(there, ClientEvent.reminder, { on: true })).toMatchObject({ ok: true });
    await setExtensionSignIn(browser, { token, room: server.roomId, renew: `${server.url}/demo/api/renew` });

    const popup = await browser.context.newPage();
    await popup.goto(`${browser.origin}/popup.html`);
    await popup.getByRole("tab", { name: "Following" }).click();
    await expect.poll(() => popup.getByRole("tabpanel").textContent()).toContain("Evening live");
    expect(await popup.getByRole("tabpanel").textContent()).toContain("reminders off");

    // the host starts both lives on the server
    const lin = await server.token("lin", { role: "host" });
    for (const room of [server.roomId, evening.id]) {
      const host = await server.connect({ room, token: lin });
      expect(await call(host, HostEvent.live, { live: true })).toMatchObject({ ok: true });
      host.disconnect();
    }
    const startedAt = server.clock.now();

    // the poll's alarm comes due (it would within the minute): the worker asks and notifies
    const notifications = () => browser.worker.evaluate(() => chrome.notifications.getAll());
    expect(await notifications()).toEqual({});
    await browser.worker.evaluate(() => chrome.alarms.create("encore:go-live", { when: Date.now() }));
    const id = `encore:live:${evening.id}:${startedAt}`;
    await expect.poll(notifications, { timeout: 15_000 }).toEqual({ [id]: true });
    // the room has no platform room mapped: the notification opens the shop's page
    expect(await browser.worker.evaluate(() => chrome.storage.local.get("encoreNotificationLinks"))).toEqual({
      encoreNotificationLinks: { [id]: `${server.url}/` },
    });

    // the same live start is not announced twice
    await browser.worker.evaluate(() =>
      chrome.notifications
        .getAll()
        .then((all) => Promise.all(Object.keys(all).map((n) => chrome.notifications.clear(n)))),
    );
    await browser.worker.evaluate(() => chrome.alarms.create("encore:go-live", { when: Date.now() }));
    await expect
      .poll(() =>
        browser.worker.evaluate(() =>
          chrome.alarms.get("encore:go-live").then((a) => a && a.scheduledTime > Date.now() + 1000),
        ),
      )
      .toBe(true);
    expect(await notifications()).toEqual({});

    await popup.reload();
    await popup.getByRole("tab", { name: "Following" }).click();
    await expect.poll(() => popup.getByRole("tabpanel").textContent()).toContain("Live now");
    here.disconnect();
    there.disconnect();
    await popup.close();
  });
});
