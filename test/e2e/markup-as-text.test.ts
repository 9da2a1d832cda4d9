import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientEvent } from "../../protocol/index.js";
import { launchChromium } from "../helpers/chromium.js";
import { call, joinRoom, startServer, type TestServer } from "../helpers/server.js";

/** Comments and names carrying markup reach other viewers and the host as text, never as HTML. */
const HOSTILE_NAME = '<b id="bold">Mallory</b>';
const HOSTILE_TEXT = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>hi';

describe.skipIf(!existsSync("/usr/bin/chromium") && !process.env.CHROMIUM_PATH)("markup shown as text", () => {
  let server: TestServer;
  let browser: Browser;
  let pages: Server;
  let pageUrl: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const token = await server.token("amy", { name: "Amy" });
    pages = createServer((_req, res) =>
      res
        .writeHead(200, { "content-type": "text/html" })
        .end(`<!doctype html><html><head><meta charset="utf-8"></head><body>
<script src="${server.url}/encore.js" data-room="${server.roomId}" data-token="${token}" data-locale="en" async></script>
</body></html>`),
    );
    await new Promise<void>((done) => pages.listen(0, "127.0.0.1", done));
    const address = pages.address();
    pageUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => pages?.close(done));
    await server?.close();
  });

  it("in the viewer's ticker and in the host console's comments", async () => {
    const viewer = await browser.newPage({ viewport: { width: 360, height: 740 } });
    viewer.setDefaultTimeout(8000);
    await viewer.goto(pageUrl);
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
