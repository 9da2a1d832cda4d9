import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_VIEWERS } from "../../demo/seed.js";
import { HostEvent } from "../../protocol/index.js";
import { launchChromium } from "../../support/chromium.js";
import { joinAsHost, makeTemplate, startOffer } from "../../support/offers.js";
import { requires } from "../../support/requires.js";
import { call, startServer, type TestServer, type TestSocket } from "../../support/server.js";
import { layoutFaults } from "../helpers/layout.js";

/** Pictures for people to look at, outside the repository (ENCORE_SHOTS names the folder). */
const SHOTS = process.env.ENCORE_SHOTS;

/**
 * A fan-only live on the demo pages, in Chromium: Bo (粉丝 Fan) meets the gate, Amy (铁粉 Silver)
 * does not; and a lucky bag's result links to its public draw record.
 */
describe.skipIf(!requires("chromium", "widget"))("a fan-only room and a checkable draw (Chromium)", () => {
  let server: TestServer;
  let browser: Browser;
  let host: TestSocket;

  beforeAll(async () => {
    server = await startServer({ demo: true });
    browser = await launchChromium();
    host = await joinAsHost(server);
    await call(host, HostEvent.live, { live: true });
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const gate = async (minTier: string | null) => {
    const response = await fetch(`${server.url}/v1/rooms/${server.roomId}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${server.shop.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ minTier }),
    });
    expect(response.status).toBe(200);
  };
  /** every widget file each page asked for: an open room's viewer never fetches the gate panel */
  const fetched = new Map<Page, string[]>();
  const open = async (who: "amy" | "bo", lang: "en" | "zh-CN", width = 360, height = 740): Promise<Page> => {
    const context = await browser.newContext({
      viewport: { width, height },
      locale: lang === "en" ? "en-US" : "zh-CN",
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const files: string[] = [];
    fetched.set(page, files);
    page.on("request", (request) => files.push(new URL(request.url()).pathname));
    const { id, name } = DEMO_VIEWERS[who];
    const token = await server.token(id, { name });
    await page.goto(`${server.url}/?room=${server.roomId}&token=${token}&lang=${lang}`);
    await page.locator("encore-overlay").getByTestId("points").waitFor();
    return page;
  };
  const shoot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
  };

  it("a Fan viewer meets the gate with the tier that opens it; a Silver viewer does not", async () => {
    await gate("silver");
    const bo = await open("bo", "en");
    const card = bo.locator("encore-overlay").getByTestId("room-gate");
    await card.waitFor();
    const text = await card.textContent();
    expect(text).toContain("Fans-only live");
    expect(text).toContain("Open to Silver and above");
    expect(text).toContain("500 growth to go to Silver");
    expect(await layoutFaults(bo)).toMatchObject({ page: [], overlay: [] });
    await shoot(bo, "gate-360-en");

    expect(fetched.get(bo)?.some((path) => path.includes("panel-gate"))).toBe(true);

    // Amy is 铁粉 Silver: once her tier shows, the gate was never even fetched
    const amy = await open("amy", "en");
    await expect.poll(() => amy.locator("encore-overlay").getByTestId("tier-badge").textContent()).toContain("Silver");
    expect(await amy.locator("encore-overlay").getByTestId("room-gate").count()).toBe(0);
    expect(fetched.get(amy)?.some((path) => path.includes("panel-gate"))).toBe(false);

    const boZh = await open("bo", "zh-CN");
    const zh = boZh.locator("encore-overlay").getByTestId("room-gate");
    await zh.waitFor();
    expect(await zh.textContent()).toContain("铁粉及以上会员专享");
    await shoot(boZh, "gate-360-zh");
    for (const [lang, label] of [
      ["en", "gate-1280-en"],
      ["zh-CN", "gate-1280-zh"],
    ] as const) {
      const wide = await open("bo", lang, 1280, 800);
      await wide.locator("encore-overlay").getByTestId("room-gate").waitFor();
      await shoot(wide, label);
      await wide.context().close();
    }
    for (const page of [bo, amy, boZh]) await page.context().close();
    await gate(null);
  });

  it("a lucky bag's result shows the viewer's entry and links to the draw record that names it", async () => {
    const amy = await open("amy", "en");
    const overlay = amy.locator("encore-overlay");
    const template = await makeTemplate(host);
    const offer = await startOffer(host, template.id, { stock: 1, mode: "draw" });
    await overlay.getByRole("button", { name: "Send 1" }).click();
    const entrant = overlay.getByTestId("draw-entrant");
    await entrant.waitFor();
    const mine = /e-[0-9a-f]{12}/.exec((await entrant.textContent()) ?? "")?.[0];
    expect(mine).toBeTruthy();
    await call(host, HostEvent.offerStop, { offerId: offer.id });
    const link = overlay.getByRole("link", { name: "Check this draw" });
    await link.waitFor();
    await shoot(amy, "draw-result-360-en");
    const href = (await link.getAttribute("href")) ?? "";
    expect(href).toBe(`${server.url}/v1/offers/${offer.id}/draw`);
    const record = (await (await fetch(href)).json()) as { entries: string[]; winners: string[] };
    expect(record.entries).toEqual([mine]);
    expect(record.winners).toEqual([mine]);
    await amy.context().close();
  });
});
