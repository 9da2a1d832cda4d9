import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../support/chromium.js";
import { type PageServer, servePage } from "../../support/page-server.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";
import { watchedMsOf } from "../../support/watch.js";
import { recordBeats } from "../helpers/beat-log.js";

/** html5 adapter on a real <video> playing the demo stream: pause stops the beats, play resumes them. */
describe.skipIf(!requires("chromium", "widget"))("watch beats follow a real <video> (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let pageServer: PageServer | undefined;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await pageServer?.close();
    await server?.close();
  });

  it("pausing the video stops beats; playing resumes them", async () => {
    const token = await server.token("v_video");
    const page = await browser.newPage();
    const beats = recordBeats(page);
    // a streamer's page on its own origin, with its own <video> playing the demo stream
    const html = `<!doctype html><body style="margin:0">
<video id="live" src="${server.url}/demo/live-demo.webm" muted loop playsinline style="width:360px;height:640px"></video>
<script src="${server.url}/encore.js" data-room="${server.roomId}" data-token="${token}" data-video="#live" data-locale="en" async></script>
</body>`;
    pageServer = await servePage(html);
    await page.goto(pageServer.url);
    await page.waitForFunction(() =>
      Boolean(document.querySelector("encore-overlay")?.shadowRoot?.querySelector("[data-testid=points]")),
    );
    // not started yet: the one beat on joining says not playing
    const settled = { timeout: 15_000 };
    await expect.poll(() => beats.accepted(), settled).toEqual({ playing: false, visible: true });

    // The server (on the test's clock) takes at most one beat a second from a socket, so 20 s pass
    // between changes, and the clock moves only once the server has answered the last change:
    // a beat still on its way when the clock moves would be judged at the next instant and take
    // the slot the next change needs.
    const later = () => server.clock.advance(20_000);
    later();
    await page.evaluate(() => (document.getElementById("live") as HTMLVideoElement).play());
    await expect.poll(() => beats.accepted(), settled).toEqual({ playing: true, visible: true });

    later();
    await page.evaluate(() => (document.getElementById("live") as HTMLVideoElement).pause());
    await expect.poll(() => beats.accepted(), settled).toEqual({ playing: false, visible: true });
    const pausedAt = beats.sent.length;
    // paused: nothing more goes out while the video stays paused, but the pause said once more if
    // the server refused it as too soon (on a busy machine a stall's own beats can take that second)
    await page.waitForTimeout(1500);
    expect(beats.sent.slice(pausedAt).every((b) => !b.playing)).toBe(true);
    expect(beats.sent.length - pausedAt).toBeLessThanOrEqual(1);

    later();
    const resumedAt = beats.sent.length;
    await page.evaluate(() => (document.getElementById("live") as HTMLVideoElement).play());
    await expect.poll(() => beats.accepted(), settled).toEqual({ playing: true, visible: true });
    expect(beats.sent.slice(resumedAt, resumedAt + 1)).toEqual([{ playing: true, visible: true }]);

    // the server credited the 20 s the video played, and not the 20 s it was paused
    later();
    await page.evaluate(() => (document.getElementById("live") as HTMLVideoElement).pause());
    await expect.poll(() => beats.accepted(), settled).toEqual({ playing: false, visible: true });
    await expect.poll(() => watchedMsOf(server, "v_video"), settled).toBe(40_000);
    await page.close();
  });
});
