import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientEvent } from "../../protocol/index.js";
import { launchChromium } from "../../support/chromium.js";
import { type PageServer, servePage } from "../../support/page-server.js";
import { requires } from "../../support/requires.js";
import { call, joinRoom, startServer, type TestServer } from "../../support/server.js";

/** Comments and names carrying markup reach other viewers and the host as text, never as HTML. */
const HOSTILE_NAME = '<b id="bold">Mallory</b>';
const HOSTILE_TEXT = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>hi';

describe.skipIf(!requires("chromium", "widget"))("markup shown as text", () => {
  let server: TestServer;
  let browser: Browser;
  let pages: PageServer;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const token = await server.token("amy", { name: "Amy" });
    pages = await servePage(`<!doctype html><html><head><meta charset="utf-8"></head><body>
<script src="${server.url}/encore.js" data-room="${server.roomId}" data-token="${token}" data-locale="en" async></script>
</body></html>`);
  });
  afterAll(async () => {
    await browser?.close();
    await pages?.close();
    await server?.close();
  });

  it("in the viewer's ticker and in the host console's comments", async () => {
    const viewer = await browser.newPage({ viewport: { width: 360, height: 740 } });
    viewer.setDefaultTimeout(8000);
    await viewer.goto(pages.url);
    await viewer.getByTestId("points").waitFor();
    const hostToken = await server.token("host-lin", { role: "host" });
    const host = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    host.setDefaultTimeout(8000);
    await host.goto(`${server.url}/host?room=${server.roomId}&token=${hostToken}&lang=en`);
    await host.getByRole("form", { name: "Start offer" }).waitFor();

    const mallory = await joinRoom(server, await server.token("mallory", { name: HOSTILE_NAME }));
    const sent = await call(mallory.socket, ClientEvent.comment, { text: HOSTILE_TEXT });
    expect(sent.ok).toBe(true);

    const ticker = viewer.getByRole("list", { name: "Live comments" });
    await expect.poll(() => ticker.textContent(), { timeout: 8000 }).toContain("hi");
    expect(await ticker.textContent()).toContain(HOSTILE_NAME);
    expect(await ticker.textContent()).toContain('<img src=x onerror="window.__pwned=1">');
    await expect.poll(() => host.getByText(HOSTILE_NAME).count(), { timeout: 8000 }).toBeGreaterThan(0);

    for (const page of [viewer, host]) {
      const injected = await page.evaluate(() => {
        const roots = [...document.querySelectorAll("*")].flatMap((el) => (el.shadowRoot ? [el.shadowRoot] : []));
        return {
          pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
          elements: roots.reduce((n, root) => n + root.querySelectorAll("img[src=x], #bold, script").length, 0),
        };
      });
      expect(injected).toEqual({ pwned: null, elements: 0 });
    }
    mallory.socket.disconnect();
  });
});
