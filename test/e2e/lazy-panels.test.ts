import { readdirSync, readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostEvent } from "../../protocol/index.js";
import { launchChromium } from "../../support/chromium.js";
import { FIRST_LOAD_BUDGET_GZIP, firstLoadGzip } from "../../support/first-load.js";
import { joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { type PageServer, servePage } from "../../support/page-server.js";
import { requires } from "../../support/requires.js";
import { call, startServer, type TestServer } from "../../support/server.js";

const DIST = "dist/widget";
const PANEL_FILE = /\/panel-membership-[\w-]+\.js(\?|$)/;
const SHELF_FILE = /\/panel-shelf-[\w-]+\.js(\?|$)/;
/** any file of a panel, or of what panels share */
const ANY_PANEL_FILE = /\/widget\/(panel|part)-[\w-]+\.js(\?|$)/;

/**
 * The script tag's first load carries the first screen only: the membership sheet, the shelf,
 * the notices, toasts, chest and stage are content-hashed files beside the bundle, each imported
 * the first time it has something to show.
 */
describe.skipIf(!requires("chromium", "widget"))("panels beyond the first screen (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let pageServer: PageServer;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const token = await server.token("v_lazy", { name: "Lin" });
    // a streamer's page on its own origin, loading encore.js from the Encore server
    pageServer = await servePage(`<!doctype html><html><head><meta charset="utf-8"></head><body>
  <script src="${server.url}/encore.js" data-room="${server.roomId}" data-token="${token}" data-locale="en" async></script>
</body></html>`);
  });
  afterAll(async () => {
    await browser?.close();
    await pageServer?.close();
    await server?.close();
  });

  const openRoom = async (
    file = PANEL_FILE,
  ): Promise<{ page: Page; panelRequests: string[]; anyPanelRequests: string[] }> => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const panelRequests: string[] = [];
    const anyPanelRequests: string[] = [];
    page.on("request", (request) => {
      if (file.test(request.url())) panelRequests.push(request.url());
      if (ANY_PANEL_FILE.test(request.url())) anyPanelRequests.push(new URL(request.url()).pathname);
    });
    await page.goto(pageServer.url);
    await page.locator("encore-overlay").getByTestId("points").waitFor();
    // give a premature fetch every chance to show itself before the tap
    await page.waitForLoadState("networkidle");
    return { page, panelRequests, anyPanelRequests };
  };

  it("requests the panel's file on the first tap, not before, from beside the bundle", async () => {
    const { page, panelRequests } = await openRoom();
    const overlay = page.locator("encore-overlay");
    expect(panelRequests).toEqual([]);

    await overlay.getByRole("button", { name: "Open my membership" }).click();
    await overlay.getByRole("dialog").getByRole("progressbar").waitFor();
    expect(panelRequests).toHaveLength(1);
    expect(new URL(panelRequests[0] ?? "").origin).toBe(server.url);
    // its stylesheet came with it: the sheet is laid out, not a column of unstyled text
    const sheet = await overlay.getByRole("dialog").evaluate((el) => getComputedStyle(el).position);
    expect(sheet).toBe("absolute");

    // closed and opened again: already here, not fetched twice
    await overlay.getByRole("button", { name: "Close" }).click();
    await overlay.getByRole("button", { name: "Open my membership" }).click();
    await overlay.getByRole("dialog").waitFor();
    expect(panelRequests).toHaveLength(1);
    await page.context().close();
  });

  it("says when the panel cannot load, and loads it on retry", async () => {
    const { page, panelRequests } = await openRoom();
    const overlay = page.locator("encore-overlay");
    await page.context().route(PANEL_FILE, (route) => route.abort("connectionfailed"));

    await overlay.getByRole("button", { name: "Open my membership" }).click();
    const alert = overlay.getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain("Could not load this.");
    expect(await overlay.getByRole("dialog").count()).toBe(0);

    await page.context().unroute(PANEL_FILE);
    await alert.getByRole("button", { name: "Try again" }).click();
    await overlay.getByRole("dialog").getByRole("progressbar").waitFor();
    expect(panelRequests).toHaveLength(2);
    await page.context().close();
  });

  it("the first screen fetches only the panels it shows: here the off-air notice, laid out", async () => {
    const { page, anyPanelRequests } = await openRoom();
    const overlay = page.locator("encore-overlay");
    // the test room is not live: its notice offers the reminder, from a panel file of its own
    const notice = overlay.getByTestId("off-air");
    await notice.getByRole("button", { name: "Remind me next live" }).waitFor();
    expect(await notice.evaluate((el) => getComputedStyle(el).display)).toBe("flex");
    expect(anyPanelRequests.filter((p) => /\/panel-/.test(p)).map((p) => /panel-([a-z]+)-/.exec(p)?.[1])).toEqual([
      "notices",
    ]);
    await page.context().close();
  });

  it("the shelf: its file on the first tap, laid out; a failed load says so and retries", async () => {
    const { page, panelRequests } = await openRoom(SHELF_FILE);
    const overlay = page.locator("encore-overlay");
    expect(panelRequests).toEqual([]);
    await page.context().route(SHELF_FILE, (route) => route.abort("connectionfailed"));
    await overlay.getByRole("button", { name: "Products" }).click();
    const alert = overlay.getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain("Could not load this.");
    expect(await overlay.getByRole("dialog").count()).toBe(0);

    await page.context().unroute(SHELF_FILE);
    await alert.getByRole("button", { name: "Try again" }).click();
    const shelf = overlay.getByRole("dialog", { name: "In this live" });
    await shelf.waitFor();
    expect(await shelf.evaluate((el) => getComputedStyle(el).position)).toBe("absolute");
    expect(panelRequests).toHaveLength(2);
    expect(new URL(panelRequests[0] ?? "").origin).toBe(server.url);
    await page.context().close();
  });

  it("the stage of a room played in the overlay: its play button comes with its file, styled", async () => {
    const token = await server.token("v_lazy_stage", { name: "Jun" });
    const stagePage = await servePage(`<!doctype html><html><head><meta charset="utf-8"></head><body>
  <script src="${server.url}/encore.js" data-room="${server.roomId}" data-token="${token}" data-locale="en" data-video="agora" async></script>
</body></html>`);
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const stageFiles: string[] = [];
    page.on("request", (request) => {
      if (/\/panel-stage-[\w-]+\.js$/.test(request.url())) stageFiles.push(request.url());
    });
    await page.goto(stagePage.url);
    const play = page.locator("encore-overlay").getByRole("button", { name: "Watch the live" });
    await play.waitFor();
    expect(stageFiles).toHaveLength(1);
    expect(await play.evaluate((el) => getComputedStyle(el).position)).toBe("relative");
    await context.close();
    await stagePage.close();
  });

  it("in the ES build, the panel is an ordinary lazy chunk, fetched on the first tap", async () => {
    const token = await server.token("v_lazy_es", { name: "Mei" });
    const esPage = await servePage(`<!doctype html><html><head><meta charset="utf-8"></head><body>
  <encore-live room="${server.roomId}" token="${token}" locale="en" server="${server.url}"></encore-live>
  <script type="module" src="${server.url}/encore.mjs"></script>
</body></html>`);
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const chunks: string[] = [];
    page.on("request", (request) => {
      if (/\/chunks\/membership-[\w-]+\.js$/.test(request.url())) chunks.push(request.url());
    });
    await page.goto(esPage.url);
    const overlay = page.locator("encore-live");
    await overlay.getByTestId("points").waitFor();
    await page.waitForLoadState("networkidle");
    expect(chunks).toEqual([]);
    await overlay.getByRole("button", { name: "Open my membership" }).click();
    await overlay.getByRole("dialog").getByRole("progressbar").waitFor();
    expect(chunks).toHaveLength(1);
    await context.close();
    await esPage.close();
  });
});

/**
 * One script-tag bundle per language, each carrying only its own words: the loader picks the
 * viewer's, and a page that mounts the overlay in the other language gets its words from a
 * sibling file, showing nothing until they are here.
 */
describe.skipIf(!requires("chromium", "widget"))("one bundle per language (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  const bundles = () => JSON.parse(readFileSync(`${DIST}/encore-bundles.json`, "utf8")) as Record<string, string>;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = async (locale: string, languages: string) => {
    const token = await server.token(`v_lang_${locale}`, { name: "Lin" });
    const pageServer = await servePage(`<!doctype html><html><head><meta charset="utf-8"></head><body>
  <script src="${server.url}/encore.js" data-room="${server.roomId}" data-token="${token}" ${locale ? `data-locale="${locale}"` : ""} async></script>
</body></html>`);
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: languages });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const files: string[] = [];
    page.on("request", (request) => {
      const path = new URL(request.url()).pathname;
      if (/^\/widget\/(encore-[\w-]+|locale-[\w-]+)\.js$/.test(path)) files.push(path.slice("/widget/".length));
    });
    await page.goto(pageServer.url);
    const close = async () => {
      await context.close();
      await pageServer.close();
    };
    return { page, files, close, overlay: page.locator("encore-overlay") };
  };

  it.each([
    ["en", "zh-CN", "en", "Open my membership"],
    ["zh-CN", "en-US", "zh-CN", "打开我的会员"],
    ["", "zh-TW", "zh-CN", "打开我的会员"],
    ["", "fr-FR", "en", "Open my membership"],
  ])("data-locale %j, browser %s: the loader fetches the %s bundle only", async (locale, languages, picked, open_) => {
    const { page, files, close, overlay } = await open(locale, languages);
    await overlay.getByRole("button", { name: open_ }).waitFor();
    await page.waitForLoadState("networkidle");
    expect(files).toEqual([bundles()[picked]]);
    await close();
  });

  it("each bundle carries its own language's first-screen words, not the other language's nor the panels'", () => {
    const text = (locale: string) => readFileSync(`${DIST}/${bundles()[locale]}`, "utf8");
    const en = text("en");
    const zh = text("zh-CN");
    expect(en).toContain("Open my membership");
    expect(zh).toContain("打开我的会员");
    expect(en).not.toContain("打开我的会员");
    expect(zh).not.toContain("Open my membership");
    // a panel's own words travel in its file (widget/panels/words/)
    for (const panelOnly of [
      "Remind me next live",
      "Unlocks at",
      "Welcome back!",
      "In this live",
      "You already opened this chest.",
      "Lucky draw",
    ])
      expect(en).not.toContain(panelOnly);
    for (const panelOnly of ["开播提醒我", "会员日", "欢迎回来！", "本场商品", "这个宝箱你已经开过了。", "福袋抽奖"])
      expect(zh).not.toContain(panelOnly);
  });

  it("the first load, the loader and the largest of its bundles, stays within its gzip budget", () => {
    expect(firstLoadGzip(DIST)).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_GZIP);
  });

  it("the deal banner travels in its own panel file, and the first load carries no class-field helper", () => {
    for (const file of Object.values(bundles())) {
      const text = readFileSync(`${DIST}/${file}`, "utf8");
      expect(text).not.toContain("deal-stock");
      // the helper es2020's class fields would bring (widget/build/bundle.ts CLASS_FIELDS)
      expect(text).not.toContain("@@toPrimitive");
    }
    const panels = readdirSync(DIST).filter((f) => /^(panel|part)-.+\.js$/.test(f));
    const carrying = panels.filter((f) => readFileSync(`${DIST}/${f}`, "utf8").includes("deal-stock"));
    expect(carrying.map((f) => /^panel-([a-z]+)-/.exec(f)?.[1])).toEqual(["deal"]);
  });

  it("the product card and the parts it shares with the shelf travel in panel files, not the first load", () => {
    for (const file of Object.values(bundles())) {
      const text = readFileSync(`${DIST}/${file}`, "utf8");
      expect(text).not.toContain("product-card");
      expect(text).not.toContain("product-name");
    }
    const panels = readdirSync(DIST).filter((f) => /^(panel|part)-.+\.js$/.test(f));
    const carrying = panels.filter((f) => readFileSync(`${DIST}/${f}`, "utf8").includes("product-card"));
    expect(carrying.map((f) => /^panel-([a-z]+)-/.exec(f)?.[1])).toEqual(["product"]);
  });

  it("mounted in the other language: its words come from a sibling file, and the overlay waits for them", async () => {
    const { page, files, close, overlay } = await open("zh-CN", "zh-CN");
    await overlay.getByRole("button", { name: "打开我的会员" }).waitFor();
    await page.evaluate(() =>
      (window as unknown as { Encore: { mount(o: object): void } }).Encore.mount({ locale: "en" }),
    );
    await overlay.getByRole("button", { name: "Open my membership" }).waitFor();
    expect(files[0]).toBe(bundles()["zh-CN"]);
    expect(files.slice(1)).toEqual([expect.stringMatching(/^locale-en-[\w-]+\.js$/)]);
    await close();
  });

  it("if that file cannot load, the overlay shows the language it carries instead of nothing", async () => {
    const { page, close, overlay } = await open("zh-CN", "zh-CN");
    await overlay.getByRole("button", { name: "打开我的会员" }).waitFor();
    await page.context().route(/\/locale-en-[\w-]+\.js/, (route) => route.abort("connectionfailed"));
    await page.evaluate(() =>
      (window as unknown as { Encore: { mount(o: object): void } }).Encore.mount({ locale: "en" }),
    );
    await overlay.getByRole("button", { name: "打开我的会员" }).waitFor();
    await close();
  });
});

describe.skipIf(!requires("chromium", "widget"))("the deal banner in a live room (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let pageServer: PageServer;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    const host = await joinAsHost(server);
    await call(host, HostEvent.live, { live: true });
    host.disconnect();
    const token = await server.token("v_live", { name: "Mo" });
    pageServer = await servePage(`<!doctype html><html><head><meta charset="utf-8"></head><body>
  <script src="${server.url}/encore.js" data-room="${server.roomId}" data-token="${token}" data-locale="en" async></script>
</body></html>`);
  });
  afterAll(async () => {
    await browser?.close();
    await pageServer?.close();
    await server?.close();
  });

  it("comes in idle time after the first screen, so the first deal shows without a fetch", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const dealFiles: string[] = [];
    page.on("request", (request) => {
      if (/\/panel-deal-[\w-]+\.js$/.test(request.url())) dealFiles.push(request.url());
    });
    await page.goto(pageServer.url);
    const overlay = page.locator("encore-overlay");
    await overlay.getByTestId("points").waitFor();
    await page.waitForLoadState("networkidle");
    await expect.poll(() => dealFiles.length, { timeout: 5000 }).toBe(1);

    // the host calls a deal: its banner is drawn from the file already here
    const host = await joinAsHost(server);
    const template = await makeTemplate(host);
    await startOffer(host, template.id, { stock: 5, durationSeconds: 120 });
    await overlay.getByTestId("deal-stock").waitFor();
    expect(dealFiles).toHaveLength(1);
    host.disconnect();
    await context.close();
  });
});
