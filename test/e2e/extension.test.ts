import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientEvent } from "../../protocol/index.js";
import { shopApi } from "../../support/commerce.js";
import {
  buildTestExtension,
  type ExtensionBrowser,
  launchWithExtension,
  setExtensionToken,
} from "../../support/extension.js";
import { type PlatformPageAddress, type PlatformPages, servePlatformPages } from "../../support/platform-pages.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";

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
const BEAT_FRAME = new RegExp(`^42\\d*\\[${JSON.stringify(ClientEvent.beat)},(\\{.*?\\})`);

/** The lookups and beats a page sends (its content script's requests are the page's in DevTools' eyes). */
function record(page: Page) {
  const lookups: string[] = [];
  const beats: { playing: boolean; visible: boolean }[] = [];
  page.on("request", (request) => {
    if (request.url().includes(LOOKUP)) lookups.push(request.url());
  });
  page.on("websocket", (ws) =>
    ws.on("framesent", ({ payload }) => {
      const match = BEAT_FRAME.exec(String(payload));
      if (match?.[1]) beats.push(JSON.parse(match[1]));
    }),
  );
  return { lookups, beats };
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
    server = await startServer();
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
    const viewerState = async () =>
      (
        await server.store.db
          .selectFrom("watch_state")
          .select("total_ms")
          .where("viewer_id", "=", "v_platform")
          .executeTakeFirst()
      )?.total_ms;
    await expect.poll(() => beats.at(-1)).toEqual({ playing: false, visible: true });

    const later = () => server.clock.advance(20_000);
    later();
    await page.evaluate(() => document.querySelector("video")?.play());
    await expect.poll(() => beats.at(-1)).toEqual({ playing: true, visible: true });
    later();
    await page.evaluate(() => document.querySelector("video")?.pause());
    await expect.poll(() => beats.at(-1)).toEqual({ playing: false, visible: true });
    const pausedAt = beats.length;
    later();
    await page.waitForTimeout(1500);
    expect(beats.slice(pausedAt).every((b) => !b.playing)).toBe(true);
    // the server credited the 20 s the video played, and none of the time it was paused
    await expect.poll(async () => Number(await viewerState())).toBe(20_000);
    await setExtensionToken(browser, null);
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
});
