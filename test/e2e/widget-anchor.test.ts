import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../support/chromium.js";
import { type PageServer, servePage } from "../../support/page-server.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";

/** data-video anchors the overlay over the page's player; reduced motion stills the +N. */
describe.skipIf(!requires("chromium", "widget"))("overlay over a video (Chromium)", () => {
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

  it("sits exactly over the <video>, follows it, and respects prefers-reduced-motion", async () => {
    const token = await server.token("v_anchor");
    const html = `<!doctype html><html><head><meta charset="utf-8"></head>
<body style="margin:0">
  <div style="height:40px"></div>
  <video id="player" muted playsinline style="display:block;margin-left:20px;width:320px;height:480px;background:#000"></video>
  <div style="height:2000px"></div>
  <script src="${server.url}/encore.js" data-room="${server.roomId}" data-token="${token}" data-video="#player" async></script>
</body></html>`;
    pageServer = await servePage(html);
    const context = await browser.newContext({ viewport: { width: 400, height: 700 }, reducedMotion: "reduce" });
    const page = await context.newPage();
    await page.goto(pageServer.url);
    await page.waitForFunction(() =>
      Boolean(document.querySelector("encore-overlay")?.shadowRoot?.querySelector("[data-testid=points]")),
    );
    const rects = () =>
      page.evaluate(() => {
        const r = (el: Element) => {
          const b = el.getBoundingClientRect();
          return [Math.round(b.left), Math.round(b.top), Math.round(b.width), Math.round(b.height)];
        };
        return {
          overlay: r(document.querySelector("encore-overlay") as Element),
          video: r(document.getElementById("player") as Element),
        };
      });
    expect((await rects()).overlay).toEqual([20, 40, 320, 480]);
    // after a scroll (and the frame that follows it) the overlay is where the video now is
    const afterScroll = async () => {
      await page.evaluate(
        () =>
          new Promise((done) => {
            window.scrollTo(0, 100);
            requestAnimationFrame(() => requestAnimationFrame(done));
          }),
      );
      return rects();
    };
    await expect.poll(afterScroll).toEqual({ overlay: [20, -60, 320, 480], video: [20, -60, 320, 480] });

    await fetch(`${server.url}/v1/viewers/v_anchor/points`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.shop.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ delta: 5, idempotencyKey: "anchor-1" }),
    });
    await page.waitForFunction(() =>
      Boolean(document.querySelector("encore-overlay")?.shadowRoot?.querySelector("[data-testid=gain]")),
    );
    const duration = await page.evaluate(
      () =>
        getComputedStyle(
          document.querySelector("encore-overlay")?.shadowRoot?.querySelector("[data-testid=gain]") as Element,
        ).animationDuration,
    );
    expect(duration).toBe("0.001s");
    await context.close();
  });
});
