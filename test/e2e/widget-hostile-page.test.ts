import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../support/chromium.js";
import { type PageServer, servePage } from "../../support/page-server.js";
import { requires } from "../../support/requires.js";
import { startServer, type TestServer } from "../../support/server.js";

/**
 * The built script tag on a page that does its worst: 10px root font, `all: unset` on everything,
 * `!important` on button, div and span. The overlay must keep its own look, change nothing on the
 * page, and show a +N when the server credits points.
 */

function hostilePage(server: TestServer, token: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=360">
<style>
  html { font-size: 10px !important; }
  body * { all: unset !important; }
  button, div, span { color: rgb(255, 0, 0) !important; background: rgb(255, 255, 0) !important; padding: 0 !important;
    margin: 3px !important; border: 0 !important; box-shadow: none !important; font-size: 30px !important; display: inline !important; }
</style></head>
<body>
  <h1 id="title">My live shop</h1>
  <div id="box">A box</div><span id="tag">tag</span><button id="buy">Buy</button>
  <script>window.Encore=window.Encore||function(){(Encore.q=Encore.q||[]).push(arguments)}</script>
  <script>Encore("on", "points", (e) => { window.heardPoints = e; });</script>
  <script>
    window.loadWidget = () => {
      const s = document.createElement("script");
      s.src = ${JSON.stringify(`${server.url}/encore.js`)};
      s.dataset.room = ${JSON.stringify(server.roomId)};
      s.dataset.token = ${JSON.stringify(token)};
      s.dataset.locale = "en";
      document.body.appendChild(s);
    };
  </script>
</body></html>`;
}

const PAGE_PROPS = [
  "color",
  "backgroundColor",
  "fontSize",
  "padding",
  "margin",
  "display",
  "borderTopWidth",
  "boxShadow",
];

function pageStyles(page: Page) {
  return page.evaluate((props) => {
    const out: Record<string, Record<string, string>> = {};
    for (const id of ["title", "box", "tag", "buy"]) {
      const style = getComputedStyle(document.getElementById(id) as Element) as unknown as Record<string, string>;
      out[id] = Object.fromEntries(props.map((p) => [p, style[p] ?? ""]));
    }
    out.root = { fontSize: getComputedStyle(document.documentElement).fontSize };
    return out;
  }, PAGE_PROPS);
}

const inShadow = (page: Page, selector: string) =>
  page.evaluate(
    (sel) => document.querySelector("encore-overlay")?.shadowRoot?.querySelector(sel)?.textContent ?? null,
    selector,
  );

describe.skipIf(!requires("chromium", "widget"))("widget on a hostile page (Chromium)", () => {
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

  it("keeps its own styles, leaves the page's alone, and shows +N when points are credited", async () => {
    const viewer = "v_e2e";
    const token = await server.token(viewer, { name: "Lin" });
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    // the streamer's page: another origin than the API's
    pageServer = await servePage(hostilePage(server, token));
    await page.goto(pageServer.url);
    const before = await pageStyles(page);
    expect(before.root?.fontSize).toBe("10px");

    await page.evaluate(() => (window as unknown as { loadWidget(): void }).loadWidget());
    await page.waitForFunction(
      () => Boolean(document.querySelector("encore-overlay")?.shadowRoot?.querySelector("[data-testid=points]")),
      undefined,
      { timeout: 10_000 },
    );
    expect(await inShadow(page, "[data-testid=points]")).toBe("0");

    const pill = await page.evaluate(() => {
      const host = document.querySelector("encore-overlay") as HTMLElement;
      const button = host.shadowRoot?.querySelector("button[aria-expanded]") as HTMLElement;
      const s = getComputedStyle(button);
      const h = getComputedStyle(host);
      return {
        boxShadow: s.boxShadow,
        borderTopWidth: s.borderTopWidth,
        borderTopStyle: s.borderTopStyle,
        paddingLeft: s.paddingLeft,
        paddingTop: s.paddingTop,
        gap: s.columnGap,
        display: s.display,
        color: s.color,
        hostPosition: h.position,
        hostWidth: h.width,
        hostAll: h.display,
      };
    });
    // Tailwind's shadow and border variables have values inside the shadow root (the @property trap)
    expect(pill.boxShadow).not.toBe("none");
    expect(pill.boxShadow).toContain("rgba(0, 0, 0");
    expect(pill.borderTopWidth).toBe("1px");
    expect(pill.borderTopStyle).toBe("solid");
    // spacing in px, not rem of the page's 10px root
    expect(pill.paddingLeft).toBe("6px");
    expect(pill.paddingTop).toBe("6px");
    expect(pill.gap).toBe("8px");
    // the page's !important rules on button/div/span do not reach in
    expect(pill.display).toBe("flex");
    expect(pill.color).not.toBe("rgb(255, 0, 0)");
    expect(pill.hostPosition).toBe("fixed");
    expect(pill.hostWidth).toBe("360px");

    const after = await pageStyles(page);
    expect(after).toEqual(before);

    const response = await fetch(`${server.url}/v1/viewers/${viewer}/points`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.shop.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ delta: 25, note: "e2e", idempotencyKey: "e2e-1" }),
    });
    expect(response.status).toBe(200);
    await page.waitForFunction(
      () =>
        document.querySelector("encore-overlay")?.shadowRoot?.querySelector("[data-testid=gain]")?.textContent ===
        "+25",
      undefined,
      { timeout: 5000 },
    );
    expect(await inShadow(page, "[data-testid=points]")).toBe("25");
    // the listener queued by the one-line stub before the script loaded was replayed
    expect(await page.evaluate(() => (window as unknown as { heardPoints?: unknown }).heardPoints)).toEqual({
      points: 25,
      delta: 25,
    });
    expect(errors).toEqual([]);
    await context.close();
  });
});
