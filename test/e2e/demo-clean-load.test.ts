import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_VIEWERS } from "../../demo/seed.js";
import { launchChromium } from "../../support/chromium.js";
import { type PageServer, servePage } from "../../support/page-server.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";

const AGORA = { appId: "0123456789abcdef0123456789abcdef", appCertificate: "fedcba9876543210fedcba9876543210" };

/** Everything a page load can complain about: console errors, failed requests, blocked content. */
interface Trouble {
  console: string[];
  failed: string[];
  blocked: string[];
}

async function watch(page: Page): Promise<Trouble> {
  const trouble: Trouble = { console: [], failed: [], blocked: [] };
  page.on("console", (message) => {
    if (message.type() === "error") trouble.console.push(message.text());
  });
  page.on("pageerror", (error) => trouble.console.push(String(error)));
  page.on("requestfailed", (request) => trouble.failed.push(`${request.url()}: ${request.failure()?.errorText}`));
  page.on("response", (response) => {
    if (response.status() >= 400) trouble.failed.push(`${response.status()} ${response.url()}`);
  });
  // CSP reports what it blocks as events on the document, from inside shadow roots too
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspBlocked: string[] }).cspBlocked = seen;
    document.addEventListener("securitypolicyviolation", (event) =>
      seen.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
  return trouble;
}

const blocked = (page: Page) => page.evaluate(() => (window as unknown as { cspBlocked: string[] }).cspBlocked);

/**
 * The demo pages a new user meets, on a 360×740 phone, under the server's Content-Security-Policy:
 * nothing in the console, no failing request (video is not configured: nothing probes for it),
 * nothing blocked, while the overlay, the stream and the socket do their work.
 */
describe.skipIf(!requires("chromium", "widget"))("the demo pages load cleanly (Chromium, 360×740)", () => {
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

  const phone = () => browser.newContext({ viewport: { width: 360, height: 740 }, locale: "zh-CN" });

  it("the demo room, as a guest and signed in, with the overlay's panel open", async () => {
    const context = await phone();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const trouble = await watch(page);
    await page.goto(`${server.url}/?room=${server.roomId}`);
    const overlay = page.locator("encore-overlay");
    await overlay
      .getByRole("button", { name: /登录|log in/i })
      .first()
      .waitFor();
    // panels the first screen has something for (a member-day notice) may still be arriving:
    // leaving mid-fetch would abort them, which is the navigation's doing, not the page's
    await page.waitForLoadState("networkidle");

    const token = await server.token(DEMO_VIEWERS.amy.id, { name: "Amy" });
    await page.goto(`${server.url}/?room=${server.roomId}&token=${token}`);
    await overlay
      .getByText(/积分|points/)
      .first()
      .waitFor();
    // the page's own stream plays (media-src), the socket is connected (connect-src)
    await page.waitForFunction(() => {
      const video = document.getElementById("live-video") as HTMLVideoElement | null;
      return video !== null && !video.paused && video.readyState >= 2;
    });
    await overlay
      .getByRole("button", { name: /会员|membership/i })
      .first()
      .click();
    await page.waitForTimeout(300);

    expect(await blocked(page)).toEqual([]);
    expect(trouble).toEqual({ console: [], failed: [], blocked: [] });
    await context.close();
  });

  it("the host console", async () => {
    const context = await phone();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const trouble = await watch(page);
    const token = await server.token("host-lin", { role: "host", name: "Lin" });
    await page.goto(`${server.url}/host?room=${server.roomId}&token=${token}`);
    await page.getByRole("heading", { name: "Test live" }).waitFor();
    await page.waitForTimeout(300);
    expect(await blocked(page)).toEqual([]);
    expect(trouble).toEqual({ console: [], failed: [], blocked: [] });
    await context.close();
  });

  it("the API docs", async () => {
    const context = await phone();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const trouble = await watch(page);
    await page.goto(`${server.url}/docs`);
    await page.getByText("Encore points API").first().waitFor();
    await page.waitForTimeout(300);
    expect(await blocked(page)).toEqual([]);
    expect(trouble).toEqual({ console: [], failed: [], blocked: [] });
    await context.close();
  });
});

/**
 * A streamer's own page on another origin fetching the room's live-video token with the viewer's
 * token, as `data-video="agora"` does: the browser's preflight must be answered.
 */
describe.skipIf(!requires("chromium", "widget"))(
  "the rtc token from a streamer's page on another origin (Chromium)",
  () => {
    let server: TestServer;
    let browser: Browser;
    let streamer: PageServer;

    beforeAll(async () => {
      server = await startServer({ agora: AGORA });
      browser = await launchChromium();
      streamer = await servePage("<!doctype html><title>my live</title>");
    });
    afterAll(async () => {
      await browser?.close();
      await streamer?.close();
      await server?.close();
    });

    it("reads the token", async () => {
      const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
      await page.goto(streamer.url);
      const token = await server.token("viewer-amy");
      const answer = await page.evaluate(
        async ({ url, token }) => {
          try {
            const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
            return { status: response.status, body: await response.json() };
          } catch (error) {
            return { status: 0, body: String(error) };
          }
        },
        { url: `${server.url}/v1/rooms/${server.roomId}/rtc-token`, token },
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ appId: AGORA.appId, channel: server.roomId, token: expect.any(String) });
      await page.close();
    });
  },
);
